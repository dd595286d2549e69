using System.Net.Http.Json;
using DeltaConnect.Benchmarks.Brokers;

namespace DeltaConnect.Benchmarks.Worker;

/// <summary>
/// A long-running <c>deltaconnect standalone</c> process against the benchmark's broker, with no connectors of its own:
/// each pipeline run creates its connectors through the REST API and deletes them afterwards.
/// </summary>
internal sealed class PipelineWorker : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _directory;
    private readonly string _label;
    private readonly ServerDirectories _directories;

    private PipelineWorker(LoggedProcess process, HttpClient http, string directory, string label, ServerDirectories directories)
    {
        Process = process;
        _http = http;
        _directory = directory;
        _label = label;
        _directories = directories;
    }

    public LoggedProcess Process { get; }

    public static async Task<PipelineWorker> StartAsync(string workerAssembly, string bootstrap, string label, int flushIntervalMs, ServerDirectories directories, CancellationToken cancellationToken)
    {
        var directory = ServerDirectories.Create("worker-" + label);
        var id = $"{label}-{Guid.NewGuid():N}"[..24];
        var port = DeltaConnect.Testing.Servers.FreePort.Next();
        var process = LoggedProcess.Start(
            "dotnet",
            [workerAssembly, "standalone", "--data-dir", Path.Combine(directory, "data"), "--rest-listen", $"127.0.0.1:{port}",
             "--set", $"bootstrap.servers={bootstrap}", "--set", $"config.storage.topic={id}-configs", "--set", $"offset.storage.topic={id}-offsets",
             "--set", $"status.storage.topic={id}-status", "--set", "offset.storage.partitions=1",
             // The file sink's last lines reach the file when the worker flushes it, on this interval.
             "--set", $"offset.flush.interval.ms={flushIntervalMs}"],
            directory,
            Path.Combine(directory, "worker.log"));
        var worker = new PipelineWorker(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) }, directory, label, directories);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!File.ReadAllText(process.LogPath).Contains("deltaconnect standalone running", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > until)
            {
                await worker.DisposeAsync();
                throw new InvalidOperationException($"The pipeline worker did not start:\n{process.LogTail()}");
            }

            await Task.Delay(100, cancellationToken);
        }

        return worker;
    }

    public async Task CreateConnectorAsync(string name, Dictionary<string, string> config, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("connectors", new { name, config }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating connector {name} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async Task DeleteConnectorAsync(string name, CancellationToken cancellationToken)
    {
        if (Process.HasExited)
        {
            return;
        }

        using var response = await _http.DeleteAsync($"connectors/{name}", cancellationToken);
        if (!response.IsSuccessStatusCode && (int)response.StatusCode != 404)
        {
            throw new InvalidOperationException($"Deleting connector {name} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.StopAsync(TimeSpan.FromSeconds(30));
        Directory.CreateDirectory(_directories.LogDirectory);
        File.Copy(Process.LogPath, Path.Combine(_directories.LogDirectory, $"worker-{_label}.log"), overwrite: true);
        Process.Dispose();
        _directories.Remove(_directory);
    }
}
