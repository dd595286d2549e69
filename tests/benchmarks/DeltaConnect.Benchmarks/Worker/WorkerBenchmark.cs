using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DeltaConnect.Benchmarks.Brokers;

namespace DeltaConnect.Benchmarks.Worker;

/// <summary>The worker benchmark's settings.</summary>
/// <param name="Records">Records per pipeline run (N).</param>
/// <param name="Runs">Measured runs of each side, after one warm-up pipeline run.</param>
/// <param name="IdleSeconds">How long the idle workers of the memory measurement run before they are sampled.</param>
/// <param name="WorkerAssembly">The built <c>deltaconnect.dll</c>.</param>
/// <param name="OutputPath">Where the JSON results go.</param>
/// <param name="RepositoryRoot">The checkout.</param>
internal sealed record WorkerBenchmarkOptions(int Records, int Runs, int IdleSeconds, string WorkerAssembly, string OutputPath, string RepositoryRoot);

/// <summary>
/// Framework overhead of the worker: records/s through generator source → broker → file sink in a
/// <c>deltaconnect standalone</c> process, against raw Confluent.Kafka produce + consume of the very bytes that pipeline
/// wrote, through the same broker in the same run. Also the peak RSS of idle standalone workers with 10 connectors and
/// with none. See tests/benchmarks/README.md.
/// </summary>
internal sealed class WorkerBenchmark(WorkerBenchmarkOptions options)
{
    private const double Target = 0.7;
    private const int IdleConnectors = 10;
    private const int FlushIntervalMs = 200;
    private const int LineBytes = 500;
    private const string StringConverter = "org.apache.kafka.connect.storage.StringConverter";
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var directories = new ServerDirectories(Path.Combine(options.RepositoryRoot, "artifacts", "benchmarks", "worker-logs"));
        if (Directory.Exists(directories.LogDirectory))
        {
            Directory.Delete(directories.LogDirectory, recursive: true);
        }

        var launch = await EmbeddedBrokerServer.TryStartAsync(options.WorkerAssembly, directories, cancellationToken);
        if (launch.Server is not { } broker)
        {
            Console.Error.WriteLine($"The embedded broker did not start: {launch.Reason}");
            return 1;
        }

        var scenarios = new List<ScenarioResult>();
        await using (broker)
        {
            foreach (var scenario in Scenarios)
            {
                scenarios.Add(await MeasureScenarioAsync(scenario, broker.Endpoint.BootstrapServers, directories, cancellationToken));
            }
        }

        Console.WriteLine($"Idle memory: standalone workers (embedded broker in-process) idle for {options.IdleSeconds} s.");
        var idleEmpty = await MeasureIdleAsync(0, directories, cancellationToken);
        Console.WriteLine($"  no connectors:  peak RSS {idleEmpty.PeakRssMb:0.0} MiB, RSS {idleEmpty.RssMb:0.0} MiB");
        var idleFull = await MeasureIdleAsync(IdleConnectors, directories, cancellationToken);
        Console.WriteLine($"  {IdleConnectors} connectors: peak RSS {idleFull.PeakRssMb:0.0} MiB, RSS {idleFull.RssMb:0.0} MiB (ratio {idleFull.PeakRssMb / idleEmpty.PeakRssMb:0.00} of the empty worker)");

        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        await File.WriteAllTextAsync(options.OutputPath, JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.VersionString, dotnet = Environment.Version.ToString(), librdkafka = Library.VersionString },
            raw_side_gc = ThisProcessGc,
            settings = new { records = options.Records, runs = options.Runs, line_bytes = LineBytes, offset_flush_interval_ms = FlushIntervalMs },
            target_ratio = Target,
            scenarios,
            idle_memory = new
            {
                idle_seconds = options.IdleSeconds,
                no_connectors = idleEmpty,
                ten_connectors = idleFull,
                peak_rss_ratio = Math.Round(idleFull.PeakRssMb / idleEmpty.PeakRssMb, 3),
            },
        }, ReportJson), cancellationToken);
        Console.WriteLine($"Results written to {options.OutputPath}; logs in {directories.LogDirectory}.");
        return 0;
    }

    /// <summary>What the pipelines run. The first is the framework-overhead measurement the target applies to.</summary>
    private static string ThisProcessGc =>
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, young-generation budget {DeltaConnect.Worker.Hosting.YoungGenerationBudget.Current() ?? "runtime default"}";

    private static readonly PipelineScenario[] Scenarios =
    [
        new("file-string", $"FileStreamSource ({LineBytes}-byte lines) -> topic -> FileStreamSink, StringConverter: the bytes pass through, so the ratio is the framework's overhead", TargetApplies: true),
        new("generator-json", "DataGeneratorSource (interval.ms=0, batch.size=1000) -> topic -> FileStreamSink, JsonConverter with schemas: adds building structs and JSON with schema envelopes on both sides", TargetApplies: false),
    ];

    private async Task<ScenarioResult> MeasureScenarioAsync(PipelineScenario scenario, string bootstrap, ServerDirectories directories, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Pipeline {scenario.Name}: {scenario.Description}; {options.Records:N0} records per run, 1 warm-up + {options.Runs} measured runs per side.");
        await using var worker = await PipelineWorker.StartAsync(options.WorkerAssembly, bootstrap, scenario.Name, FlushIntervalMs, directories, cancellationToken);
        // Both sides must run under the same collector settings for the ratio to measure the framework (Program.cs applies
        // the worker's young-generation budget to this process too).
        var workerGc = File.ReadLines(worker.Process.LogPath).FirstOrDefault(l => l.Contains("Garbage collector:", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf("Garbage collector:", StringComparison.Ordinal) + "Garbage collector:".Length)..].Trim()
            : "(not reported by this worker build)";
        Console.WriteLine($"  garbage collector: worker {workerGc}; raw side (this process) {ThisProcessGc}");
        var pipelineRuns = new List<ThroughputSample>();
        var rawRuns = new List<ThroughputSample>();
        var warmup = Report("pipeline", "warmup", await RunPipelineAsync(scenario, worker, "warmup", directories, cancellationToken));
        var records = ReadTopic(bootstrap, warmup.Topic, options.Records);
        var averageBytes = records.Sum(r => (long)(r.Key?.Length ?? 0) + (r.Value?.Length ?? 0)) / (double)records.Count;
        Console.WriteLine($"  the pipeline's records: {averageBytes:0} bytes each on average (key + value)");
        Report("raw", "warmup", await RunRawAsync(bootstrap, records, "warmup", cancellationToken));
        for (var round = 1; round <= options.Runs; round++)
        {
            var label = $"run{round}";
            if (round % 2 == 1)
            {
                rawRuns.Add(Report("raw", label, await RunRawAsync(bootstrap, records, label, cancellationToken)));
                pipelineRuns.Add(Report("pipeline", label, await RunPipelineAsync(scenario, worker, label, directories, cancellationToken)));
            }
            else
            {
                pipelineRuns.Add(Report("pipeline", label, await RunPipelineAsync(scenario, worker, label, directories, cancellationToken)));
                rawRuns.Add(Report("raw", label, await RunRawAsync(bootstrap, records, label, cancellationToken)));
            }
        }

        var pipelineMedian = Median(pipelineRuns.Select(r => r.RecordsPerSecond));
        var rawMedian = Median(rawRuns.Select(r => r.RecordsPerSecond));
        var ratio = pipelineMedian / rawMedian;
        var verdict = scenario.TargetApplies ? $"target ≥ {Target}: {(ratio >= Target ? "target met" : "BELOW TARGET")}" : "for information";
        Console.WriteLine($"  median records/s: pipeline {pipelineMedian:N0}, raw Confluent.Kafka {rawMedian:N0}; ratio {ratio:0.000} ({verdict})");
        return new ScenarioResult(scenario.Name, scenario.Description, scenario.TargetApplies, Math.Round(averageBytes, 1), Math.Round(pipelineMedian), Math.Round(rawMedian), Math.Round(ratio, 3), pipelineRuns, rawRuns);
    }

    private static ThroughputSample Report(string side, string label, ThroughputSample sample)
    {
        Console.WriteLine($"  {side,-8} {label,-7} {sample.RecordsPerSecond,12:N0} records/s ({sample.Seconds:0.000} s from first to last delivered record)");
        return sample;
    }

    /// <summary>
    /// One pipeline run in the scenario's long-running worker: a source and a sink connector on a fresh topic, created
    /// through the REST API and deleted afterwards. Throughput is measured as the sink writes: from its first line to its
    /// N-th, so connector start-up is not counted; the worker is warm (JIT-compiled) from the warm-up run on, as the raw
    /// side's process is.
    /// </summary>
    private async Task<ThroughputSample> RunPipelineAsync(PipelineScenario scenario, PipelineWorker worker, string label, ServerDirectories directories, CancellationToken cancellationToken)
    {
        var id = $"{label}-{Guid.NewGuid():N}"[..20];
        var directory = ServerDirectories.Create("pipeline-" + label);
        var output = Path.Combine(directory, "output.txt");
        var topic = $"pipeline-{id}";
        Dictionary<string, string> sourceConfig, sinkConfig;
        if (scenario.Name == "file-string")
        {
            var input = Path.Combine(directory, "input.txt");
            await WriteLinesAsync(input, options.Records, cancellationToken);
            sourceConfig = new() { ["connector.class"] = "FileStreamSource", ["file"] = input, ["topic"] = topic, ["batch.size"] = "2000" };
            sinkConfig = new() { ["connector.class"] = "FileStreamSink", ["topics"] = topic, ["file"] = output };
            foreach (var config in new[] { sourceConfig, sinkConfig })
            {
                config["key.converter"] = StringConverter;
                config["value.converter"] = StringConverter;
            }
        }
        else
        {
            sourceConfig = new() { ["connector.class"] = "DataGeneratorSource", ["topic"] = topic, ["max.records"] = options.Records.ToString(CultureInfo.InvariantCulture), ["batch.size"] = "1000", ["interval.ms"] = "0" };
            sinkConfig = new() { ["connector.class"] = "FileStreamSink", ["topics"] = topic, ["file"] = output };
        }

        string[] connectors = [$"source-{id}", $"sink-{id}"];
        try
        {
            await worker.CreateConnectorAsync(connectors[0], sourceConfig, cancellationToken);
            await worker.CreateConnectorAsync(connectors[1], sinkConfig, cancellationToken);
            var (first, last) = await WaitForLinesAsync(output, options.Records, worker.Process, TimeSpan.FromMinutes(10), cancellationToken);
            return new ThroughputSample(label, topic, (last - first).TotalSeconds, (options.Records - 1) / (last - first).TotalSeconds);
        }
        finally
        {
            foreach (var connector in connectors)
            {
                await worker.DeleteConnectorAsync(connector, cancellationToken);
            }

            directories.Remove(directory);
        }
    }

    /// <summary>Follows a growing file, counting lines; returns when it saw the first and the N-th line.</summary>
    private static async Task<(DateTime First, DateTime Last)> WaitForLinesAsync(string path, int lines, LoggedProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        var buffer = new byte[1 << 20];
        long position = 0, count = 0;
        DateTime? first = null;
        while (true)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Position = position;
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    count += buffer.AsSpan(0, read).Count((byte)'\n');
                    position += read;
                }

                if (count > 0)
                {
                    first ??= DateTime.UtcNow;
                }

                if (count >= lines)
                {
                    return (first!.Value, DateTime.UtcNow);
                }
            }

            if (process.HasExited || DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"The worker wrote {count} of {lines} lines{(process.HasExited ? " and exited" : " in time")}:\n{process.LogTail()}");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>Produces <paramref name="records"/> to a fresh topic while a consumer group reads it; measured like the pipeline, from the first record consumed to the last.</summary>
    private static async Task<ThroughputSample> RunRawAsync(string bootstrap, List<Message<byte[]?, byte[]?>> records, string label, CancellationToken cancellationToken)
    {
        var topic = $"raw-{label}-{Guid.NewGuid():N}"[..24];
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        var consumed = Task.Factory.StartNew(
            () =>
            {
                using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
                {
                    BootstrapServers = bootstrap,
                    GroupId = "raw-" + topic,
                    AutoOffsetReset = AutoOffsetReset.Earliest,
                    EnableAutoCommit = true,
                }).SetLogHandler((_, _) => { }).Build();
                consumer.Subscribe(topic);
                DateTime? first = null;
                var count = 0;
                var until = DateTime.UtcNow + TimeSpan.FromMinutes(10);
                while (count < records.Count)
                {
                    if (DateTime.UtcNow > until)
                    {
                        throw new TimeoutException($"consumed {count} of {records.Count}");
                    }

                    if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not null)
                    {
                        first ??= DateTime.UtcNow;
                        count++;
                    }
                }

                consumer.Close();
                return (first!.Value, DateTime.UtcNow);
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All }).Build())
        {
            foreach (var record in records)
            {
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, record);
                        break;
                    }
                    catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(10));
                    }
                }
            }

            producer.Flush(cancellationToken);
        }

        var (start, end) = await consumed;
        return new ThroughputSample(label, topic, (end - start).TotalSeconds, (records.Count - 1) / (end - start).TotalSeconds);
    }

    private static List<Message<byte[]?, byte[]?>> ReadTopic(string bootstrap, string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "reader-" + topic, AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false })
            .SetLogHandler((_, _) => { }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<Message<byte[]?, byte[]?>>(count);
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (records.Count < count && DateTime.UtcNow < until)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                records.Add(new Message<byte[]?, byte[]?> { Key = result.Message.Key, Value = result.Message.Value, Headers = result.Message.Headers });
            }
        }

        return records.Count == count ? records : throw new InvalidOperationException($"read {records.Count} of {count} records of {topic}");
    }

    /// <summary>A standalone worker with its embedded broker and <paramref name="connectors"/> idle connectors (file sources on empty files and file sinks on empty topics).</summary>
    private async Task<IdleMemory> MeasureIdleAsync(int connectors, ServerDirectories directories, CancellationToken cancellationToken)
    {
        var directory = ServerDirectories.Create($"idle-{connectors}");
        var files = new List<string>();
        for (var i = 0; i < connectors; i++)
        {
            var file = Path.Combine(directory, $"connector-{i}.json");
            var data = Path.Combine(directory, $"data-{i}.txt");
            object config = i % 2 == 0
                ? new { name = $"source-{i}", config = new Dictionary<string, string> { ["connector.class"] = "FileStreamSource", ["file"] = data, ["topic"] = $"idle-{i}" } }
                : new { name = $"sink-{i}", config = new Dictionary<string, string> { ["connector.class"] = "FileStreamSink", ["file"] = data, ["topics"] = $"idle-{i - 1}" } };
            if (i % 2 == 0)
            {
                await File.WriteAllTextAsync(data, "", cancellationToken);
            }

            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(config), cancellationToken);
            files.Add(file);
        }

        using var process = LoggedProcess.Start(
            "dotnet",
            [options.WorkerAssembly, "standalone", "--data-dir", Path.Combine(directory, "data"), "--rest-listen", "127.0.0.1:0", "--broker-listen", $"127.0.0.1:{DeltaConnect.Testing.Servers.FreePort.Next()}", .. files],
            directory,
            Path.Combine(directory, "worker.log"));
        try
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (!File.ReadAllText(process.LogPath).Contains("deltaconnect standalone running", StringComparison.Ordinal))
            {
                if (process.HasExited || DateTime.UtcNow > until)
                {
                    throw new InvalidOperationException($"The idle worker did not start:\n{process.LogTail()}");
                }

                await Task.Delay(100, cancellationToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds), cancellationToken);
            var status = File.ReadAllLines($"/proc/{process.Id}/status");
            double Field(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            var running = File.ReadAllText(process.LogPath).Split('\n').Count(l => l.Contains(" started", StringComparison.Ordinal) && l.Contains("Connector ", StringComparison.Ordinal));
            return new IdleMemory(connectors, Math.Round(Field("VmHWM"), 1), Math.Round(Field("VmRSS"), 1), running);
        }
        finally
        {
            await process.StopAsync(TimeSpan.FromSeconds(30));
            Directory.CreateDirectory(directories.LogDirectory);
            File.Copy(process.LogPath, Path.Combine(directories.LogDirectory, $"idle-{connectors}.log"), overwrite: true);
            directories.Remove(directory);
        }
    }

    /// <summary>Lines of printable text, each different, <see cref="LineBytes"/> bytes long without the newline.</summary>
    private static async Task WriteLinesAsync(string path, int lines, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        var random = new Random(42);
        var chars = new char[LineBytes];
        for (var i = 0; i < lines; i++)
        {
            var prefix = i.ToString("D10", CultureInfo.InvariantCulture);
            prefix.CopyTo(chars);
            for (var c = prefix.Length; c < chars.Length; c++)
            {
                chars[c] = (char)('a' + random.Next(26));
            }

            await writer.WriteLineAsync(chars, cancellationToken);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record PipelineScenario(string Name, string Description, bool TargetApplies);

    private sealed record ScenarioResult(string Name, string Description, bool TargetApplies, double AverageRecordBytes, double PipelineMedianRecordsPerS, double RawMedianRecordsPerS, double Ratio, List<ThroughputSample> PipelineRuns, List<ThroughputSample> RawRuns);

    private sealed record ThroughputSample(string Label, string Topic, double Seconds, double RecordsPerSecond);

    private sealed record IdleMemory(int Connectors, double PeakRssMb, double RssMb, int ConnectorsStarted);
}
