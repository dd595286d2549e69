using DeltaConnect.Testing.Kafka;
using Xunit;

namespace DeltaConnect.Testing.Fixtures;

/// <summary>
/// One embedded broker shared by every test of an assembly (tests use their own topic and group names).
/// Register it with <c>[assembly: AssemblyFixture(typeof(BrokerFixture))]</c>. Tests that restart or kill a
/// broker start their own <see cref="BrokerHost"/> or <see cref="BrokerProcess"/>.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private BrokerHost? _host;

    /// <summary>The running broker.</summary>
    public BrokerHost Host => _host ?? throw new InvalidOperationException("The broker fixture has not started.");

    /// <summary>The <c>bootstrap.servers</c> value.</summary>
    public string BootstrapServers => Host.BootstrapServers;

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => _host = await BrokerHost.StartAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
