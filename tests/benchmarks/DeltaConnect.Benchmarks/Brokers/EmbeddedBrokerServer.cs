using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>
/// The project's embedded broker, started as its own process through the agreed command line
/// <c>dotnet deltaconnect.dll broker --listen 127.0.0.1:&lt;port&gt; --data-dir &lt;dir&gt;</c>. It is ready when the
/// port answers a Kafka Metadata request. Clients use librdkafka's defaults against it (no overrides).
/// </summary>
internal sealed class EmbeddedBrokerServer : IBenchmarkBroker
{
    /// <summary>What System.CommandLine prints when the worker has no <c>broker</c> verb.</summary>
    public const string MissingVerbMessage = "Unrecognized command or argument 'broker'";

    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerDirectories _directories;
    private readonly string _directory;
    private readonly LoggedProcess _process;
    private int _disposed;

    private EmbeddedBrokerServer(ServerDirectories directories, string directory, LoggedProcess process, BrokerEndpoint endpoint)
    {
        _directories = directories;
        _directory = directory;
        _process = process;
        Endpoint = endpoint;
    }

    /// <inheritdoc />
    public BrokerEndpoint Endpoint { get; }

    /// <summary>
    /// Starts the broker from <paramref name="workerAssembly"/> (<c>deltaconnect.dll</c>). Reports
    /// <see cref="BrokerStatus.NotAvailable"/> when the file is missing or the worker has no <c>broker</c> verb
    /// yet, and <see cref="BrokerStatus.Failed"/> when the broker exists but does not come up.
    /// </summary>
    public static async Task<EmbeddedBrokerLaunch> TryStartAsync(
        string workerAssembly, ServerDirectories directories, CancellationToken cancellationToken)
    {
        if (!File.Exists(workerAssembly))
        {
            return EmbeddedBrokerLaunch.NotAvailable(
                $"{workerAssembly} does not exist: build host/DeltaConnect.Worker in Release first (scripts/benchmark-broker.sh does).");
        }

        for (var attempt = 1; ; attempt++)
        {
            var directory = ServerDirectories.Create("embedded-broker");
            var dataDirectory = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
            var port = FreePort.Next();
            var endpoint = new BrokerEndpoint(
                "embedded", "DeltaConnect embedded", $"127.0.0.1:{port}", new Dictionary<string, string>(), HasCreateTopicsApi: true);
            var process = LoggedProcess.Start(
                "dotnet",
                [workerAssembly, "broker", "--listen", endpoint.BootstrapServers, "--data-dir", dataDirectory],
                directory,
                Path.Combine(directory, "broker.log"));

            string failure;
            try
            {
                if (await MetadataProbe.WaitUntilReadyAsync(endpoint, port, process, ReadyTimeout, cancellationToken))
                {
                    return EmbeddedBrokerLaunch.Started(new EmbeddedBrokerServer(directories, directory, process, endpoint));
                }

                await process.WaitForExitAsync(cancellationToken);
                failure = $"exited with code {process.ExitCode} before answering a Metadata request";
            }
            catch (TimeoutException e)
            {
                failure = e.Message;
            }
            catch
            {
                await StopAndRemoveAsync(process, directories, directory);
                throw;
            }

            var log = process.LogTail(200);
            await StopAndRemoveAsync(process, directories, directory);
            if (log.Contains(MissingVerbMessage, StringComparison.Ordinal))
            {
                return EmbeddedBrokerLaunch.NotAvailable(
                    $"`deltaconnect broker` does not exist yet (the worker answered \"{MissingVerbMessage}\").");
            }

            if (attempt < StartAttempts && log.Contains("Address already in use", StringComparison.Ordinal))
            {
                continue;
            }

            return EmbeddedBrokerLaunch.Failed($"`dotnet {workerAssembly} broker` {failure}. Log tail:\n{log}");
        }
    }

    /// <summary>Stops the broker (SIGTERM), keeps its log and removes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAndRemoveAsync(_process, _directories, _directory);
    }

    private static async Task StopAndRemoveAsync(LoggedProcess process, ServerDirectories directories, string directory)
    {
        try
        {
            await process.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            process.Dispose();
            directories.Remove(directory);
        }
    }
}
