using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Testing.Kafka;

/// <summary>
/// The broker as a separate process (<c>deltaconnect broker</c>), for tests that kill it with SIGKILL. The
/// executable is the <c>deltaconnect.dll</c> copied next to the test assembly (reference the Worker project).
/// </summary>
public sealed class BrokerProcess : ITestServer, IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private BrokerProcess(string directory) => Directory = directory;

    /// <inheritdoc />
    public string Name => "broker-process";

    /// <inheritdoc />
    public string LogPath => Path.Combine(Directory, "broker.log");

    /// <summary>Server directory (data lives in <c>data/</c>).</summary>
    public string Directory { get; }

    /// <summary>The port, stable across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>The <c>bootstrap.servers</c> value.</summary>
    public string BootstrapServers => $"127.0.0.1:{Port}";

    /// <summary>Starts the broker process and waits until it accepts connections.</summary>
    public static async Task<BrokerProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var broker = new BrokerProcess(TestRunDirectory.CreateServerDirectory("brokerproc"));
        broker.Port = FreePort.Next();
        await broker.StartProcessAsync(cancellationToken);
        return broker;
    }

    /// <summary>Kills the process with SIGKILL: no flush, no clean shutdown.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the process again on the same data directory and port.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartProcessAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await ExternalCommand.StopAsync(_process, TimeSpan.FromSeconds(30));
        }

        _process?.Dispose();
        TestRunDirectory.RemoveServerDirectory(Directory);
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        _process?.Dispose();
        var executable = Path.Combine(AppContext.BaseDirectory, "deltaconnect.dll");
        var startInfo = ExternalCommand.Create(
            "dotnet",
            [executable, "broker", "--listen", $"127.0.0.1:{Port}", "--data-dir", Path.Combine(Directory, "data"), "--maintenance-interval-ms", "200"]);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, ready);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await File.WriteAllTextAsync(Path.Combine(Directory, StaleRunSweeper.PidFileName), process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await ready.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker process did not report ready within 60 s. Output:\n{ServerLogs.Tail(LogPath)}");
        }
    }

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            File.AppendAllText(LogPath, line + "\n");
        }

        if (line.Contains("deltaconnect broker ready on", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }
}
