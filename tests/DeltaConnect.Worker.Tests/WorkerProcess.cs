using System.Diagnostics;
using System.Text;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Worker.Tests;

/// <summary><c>deltaconnect standalone</c> as a separate process (with its embedded broker), for tests that kill it.</summary>
internal sealed class WorkerProcess(string directory, IReadOnlyList<string> arguments) : ITestServer, IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Name => "worker-process";

    /// <summary>
    /// The command-line arguments of a standalone worker in <paramref name="directory"/>: its data there, the embedded
    /// broker on <paramref name="brokerAddress"/>, a free REST port (parallel tests), the offset flush interval, and the
    /// connector files.
    /// </summary>
    public static string[] StandaloneArguments(string directory, string brokerAddress, int flushIntervalMs, params string[] connectorFiles) =>
        ["--data-dir", Path.Combine(directory, "data"), "--broker-listen", brokerAddress, "--rest-listen", "127.0.0.1:0",
         "--set", $"offset.flush.interval.ms={flushIntervalMs}", .. connectorFiles];

    /// <summary>Writes <c>generator.json</c>: a data generator producing <paramref name="records"/> records to topic <c>generated</c>.</summary>
    public static async Task<string> WriteGeneratorAsync(string directory, int records, int batchSize, int intervalMs, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "generator.json");
        await File.WriteAllTextAsync(path, $$$"""
            {"name": "generator", "config": {
              "connector.class": "DataGeneratorSourceConnector", "topic": "generated",
              "max.records": "{{{records}}}", "batch.size": "{{{batchSize}}}", "interval.ms": "{{{intervalMs}}}"}}
            """, cancellationToken);
        return path;
    }

    public string LogPath => Path.Combine(directory, "worker.log");

    /// <summary>Environment variables set for the next <see cref="StartAsync"/> (null: removed from the inherited environment).</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    /// <summary>The running worker's process ID.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The worker is not running.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var startInfo = ExternalCommand.Create("dotnet", [Path.Combine(AppContext.BaseDirectory, "deltaconnect.dll"), "standalone", .. arguments]);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, ready);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await ready.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The worker did not start within 90 s:\n{ServerLogs.Tail(LogPath)}");
        }
    }

    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Waits for the process to end by itself (e.g. a test hook killed it); false when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is not { } process)
        {
            return true;
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        process.Dispose();
        _process = null;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await ExternalCommand.StopAsync(_process, TimeSpan.FromSeconds(30));
            _process.Dispose();
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

        if (line.Contains("deltaconnect standalone running", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }
}
