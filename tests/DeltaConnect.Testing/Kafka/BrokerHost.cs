using DeltaConnect.Broker;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Testing.Kafka;

/// <summary>
/// An embedded broker running in the test process on a free port with its own data directory, which survives
/// <see cref="RestartAsync"/> (a clean stop and start on the same data and port) and is removed on dispose.
/// </summary>
public sealed class BrokerHost : IAsyncDisposable
{
    private readonly Func<BrokerOptions, BrokerOptions> _configure;
    private EmbeddedBroker? _broker;

    private BrokerHost(string dataDirectory, Func<BrokerOptions, BrokerOptions> configure)
    {
        DataDirectory = dataDirectory;
        _configure = configure;
    }

    /// <summary>The broker's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The port, stable across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>The <c>bootstrap.servers</c> value.</summary>
    public string BootstrapServers => $"127.0.0.1:{Port}";

    /// <summary>The running broker.</summary>
    public EmbeddedBroker Broker => _broker ?? throw new InvalidOperationException("The broker is stopped.");

    /// <summary>Starts a broker; <paramref name="configure"/> adjusts the options (data directory and port are set).</summary>
    public static async Task<BrokerHost> StartAsync(Func<BrokerOptions, BrokerOptions>? configure = null)
    {
        var host = new BrokerHost(TestRunDirectory.CreateServerDirectory("broker"), configure ?? (o => o));
        await host.StartBrokerAsync(0);
        return host;
    }

    /// <summary>Stops the broker cleanly and starts it again on the same data directory and port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartBrokerAsync(Port);
    }

    /// <summary>Stops the broker cleanly (it can be started again with <see cref="RestartAsync"/>).</summary>
    public async Task StopAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
            _broker = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TestRunDirectory.RemoveServerDirectory(DataDirectory);
    }

    private async Task StartBrokerAsync(int port)
    {
        var options = _configure(new BrokerOptions
        {
            DataDirectory = Path.Combine(DataDirectory, "data"),
            ListenHost = "127.0.0.1",
            ListenPort = port,
            MaintenanceInterval = TimeSpan.FromMilliseconds(200),
        });
        _broker = await EmbeddedBroker.StartAsync(options with { DataDirectory = Path.Combine(DataDirectory, "data"), ListenPort = port });
        Port = _broker.Port;
    }
}
