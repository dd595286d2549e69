using System.Globalization;
using DeltaConnect.Benchmarks.Brokers;
using DeltaConnect.Benchmarks.Reporting;
using DeltaConnect.Benchmarks.Throughput;

namespace DeltaConnect.Benchmarks;

/// <summary>
/// Starts Kafka 0.9.0.1 and the embedded broker side by side, warms each up, then alternates measured runs
/// between them (the order flips every round, so neither always runs on a warmer or quieter machine), and
/// reports medians and the embedded/Kafka ratios.
/// </summary>
internal sealed class BrokerThroughputBenchmark(BenchmarkOptions options)
{
    /// <summary>Runs the benchmark; the exit code is 0 unless a broker that exists failed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var settings = new ThroughputSettings(options.Messages, options.MessageBytes);
        var directories = new ServerDirectories(Path.Combine(options.RepositoryRoot, "artifacts", "benchmarks", "logs"));
        if (Directory.Exists(directories.LogDirectory))
        {
            // Logs of the previous benchmark run; this run's replace them.
            Directory.Delete(directories.LogDirectory, recursive: true);
        }

        var kafka = new BrokerMeasurements($"kafka-{Kafka09Distribution.KafkaVersion}", $"Kafka {Kafka09Distribution.KafkaVersion}");
        var embedded = new BrokerMeasurements("embedded", "DeltaConnect embedded");
        BrokerMeasurements[] brokers = [kafka, embedded];

        Console.WriteLine(
            $"Broker throughput: {settings.Messages:N0} messages of {settings.MessageBytes:N0} B per run, 1 warm-up + {options.Runs} measured runs per broker, " +
            $"acks=all, linger.ms={ThroughputSettings.LingerMs}, batch.size={ThroughputSettings.BatchSizeBytes:N0}, compression none.");

        string? javaVersion = null;
        try
        {
            javaVersion = await StartKafkaAsync(kafka, directories, cancellationToken);
            await StartEmbeddedAsync(embedded, directories, cancellationToken);

            foreach (var broker in brokers.Where(b => b.IsRunning))
            {
                await MeasureAsync(broker, settings, "warmup", cancellationToken);
            }

            for (var round = 1; round <= options.Runs; round++)
            {
                BrokerMeasurements[] order = round % 2 == 1 ? [kafka, embedded] : [embedded, kafka];
                foreach (var broker in order.Where(b => b.IsRunning))
                {
                    await MeasureAsync(broker, settings, $"run{round}", cancellationToken);
                }
            }
        }
        finally
        {
            foreach (var broker in brokers)
            {
                if (broker.Broker is { } running)
                {
                    Console.WriteLine($"Stopping {broker.DisplayName} ...");
                    await running.DisposeAsync();
                    broker.Broker = null;
                }
            }
        }

        var report = new BenchmarkReport(settings, options.Runs, kafka, embedded, javaVersion);
        report.Print(Console.Out);
        await report.WriteJsonAsync(options.OutputPath, cancellationToken);
        Console.WriteLine($"Results written to {options.OutputPath}; broker logs kept in {directories.LogDirectory}.");
        return brokers.Any(b => b.Status == BrokerStatus.Failed) ? 1 : 0;
    }

    private static async Task MeasureAsync(
        BrokerMeasurements broker, ThroughputSettings settings, string label, CancellationToken cancellationToken)
    {
        try
        {
            var result = await new ThroughputRun(broker.Endpoint!, settings).ExecuteAsync(label, cancellationToken);
            if (label == "warmup")
            {
                broker.Warmup = result;
            }
            else
            {
                broker.Add(result);
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {broker.DisplayName,-22} {label,-7} produce {result.Produce.MegabytesPerSecond,7:F1} MB/s {result.Produce.MessagesPerSecond,9:N0} msg/s " +
                $"p99 {result.Produce.LatencyP99Milliseconds,7:F1} ms | consume {result.Consume.MegabytesPerSecond,7:F1} MB/s " +
                $"{result.Consume.MessagesPerSecond,9:N0} msg/s (group join {result.Consume.GroupJoinSeconds:F2} s)"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"{broker.DisplayName} {label} failed: {e.Message}");
            broker.Exclude(BrokerStatus.Failed, $"{label}: {e.Message}");
        }
    }

    private async Task<string?> StartKafkaAsync(BrokerMeasurements kafka, ServerDirectories directories, CancellationToken cancellationToken)
    {
        try
        {
            var java = await JavaRuntime.FindAsync(cancellationToken);
            var distribution = await Kafka09Distribution.EnsureInstalledAsync(
                Path.Combine(options.RepositoryRoot, ".tools", "kafka09"), cancellationToken);
            Console.WriteLine($"Starting ZooKeeper and Kafka {Kafka09Distribution.KafkaVersion} from {distribution.HomeDirectory} on {java.Version} ...");
            var server = await Kafka09Server.StartAsync(distribution, java, directories, cancellationToken);
            kafka.Broker = server;
            kafka.Endpoint = server.Endpoint;
            Console.WriteLine($"Kafka {Kafka09Distribution.KafkaVersion} ready on {server.Endpoint.BootstrapServers} (ZooKeeper on 127.0.0.1:{server.ZooKeeperPort}).");
            return java.Version;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"Kafka {Kafka09Distribution.KafkaVersion} could not be started: {e.Message}");
            kafka.Exclude(BrokerStatus.Failed, $"start: {e.Message}");
            return null;
        }
    }

    private async Task StartEmbeddedAsync(BrokerMeasurements embedded, ServerDirectories directories, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Starting the embedded broker: dotnet {options.WorkerAssembly} broker ...");
        var launch = await EmbeddedBrokerServer.TryStartAsync(options.WorkerAssembly, directories, cancellationToken);
        if (launch.Server is { } server)
        {
            embedded.Broker = server;
            embedded.Endpoint = server.Endpoint;
            Console.WriteLine($"Embedded broker ready on {server.Endpoint.BootstrapServers}.");
            return;
        }

        var reason = launch.Reason ?? "unknown";
        embedded.Exclude(launch.Status, reason);
        if (launch.Status == BrokerStatus.NotAvailable)
        {
            Console.WriteLine($"Embedded broker not available yet: {reason}");
        }
        else
        {
            Console.Error.WriteLine($"Embedded broker failed to start: {reason}");
        }
    }
}
