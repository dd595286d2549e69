using Confluent.Kafka;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Testing.Servers;
using DeltaConnect.Worker.Hosting;
using DeltaConnect.Worker.Tests.TestPlugins;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Worker.Tests;

/// <summary>
/// A standalone worker against the shared test broker, with its own internal topics (so tests do not see each other's
/// connectors) and a scratch directory; plus helpers to wait for statuses and to read topics.
/// </summary>
internal sealed class WorkerScenario : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;

    private WorkerScenario(string bootstrap, string id, string directory, Dictionary<string, string> settings)
    {
        Bootstrap = bootstrap;
        Id = id;
        Directory = directory;
        _settings = settings;
    }

    public string Bootstrap { get; }

    public string Id { get; }

    public string Directory { get; }

    public StandaloneWorkerHost? Host { get; private set; }

    public static async Task<WorkerScenario> StartAsync(string bootstrap, Dictionary<string, string>? extraSettings = null)
    {
        var id = "w" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["bootstrap.servers"] = bootstrap,
            ["config.storage.topic"] = $"{id}-configs",
            ["offset.storage.topic"] = $"{id}-offsets",
            ["offset.storage.partitions"] = "3",
            ["status.storage.topic"] = $"{id}-status",
            ["offset.flush.interval.ms"] = "300",
            ["task.auto.restart.backoff.initial.ms"] = "300",
            ["task.auto.restart.backoff.max.ms"] = "2000",
            // Each worker serves its REST API on a free port (Host.Rest.Addresses).
            ["listeners"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in extraSettings ?? [])
        {
            settings[key] = value;
        }

        var scenario = new WorkerScenario(bootstrap, id, TestRunDirectory.CreateServerDirectory("worker"), settings);
        await scenario.StartWorkerAsync();
        return scenario;
    }

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public string Topic(string name) => $"{Id}-{name}";

    public async Task StartWorkerAsync() =>
        Host = await StandaloneWorkerHost.StartAsync(
            new StandaloneOptions(_settings, System.IO.Path.Combine(Directory, "data"), "127.0.0.1:0", []) { ExtraBuiltinAssemblies = [typeof(FlakySourceConnector).Assembly] },
            LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddFilter("DeltaConnect.Kafka", LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true)),
            CancellationToken.None);

    public async Task StopWorkerAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            Host = null;
        }
    }

    public Task CreateConnectorAsync(string name, Dictionary<string, string> config) =>
        Host!.Herder.PutConnectorConfigAsync(name, config, allowReplace: false, initialState: null, TestContext.Current.CancellationToken);

    /// <summary>Waits until the connector's task 0 reports <paramref name="state"/>; returns its status.</summary>
    public async Task<StatusRecord> WaitForTaskStateAsync(string connector, WorkerState state, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = Host!.Herder.Status(connector);
            if (status.Tasks.Count > 0 && status.Tasks[0].Value.State == state)
            {
                return status.Tasks[0].Value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Task 0 of {connector} did not reach {state}; it is {(status.Tasks.Count > 0 ? status.Tasks[0].Value.State : "without tasks")} (connector {status.Connector.State}): {(status.Tasks.Count > 0 ? status.Tasks[0].Value.Trace : null)}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="path"/> has at least <paramref name="lines"/> lines; returns them.</summary>
    public static async Task<string[]> WaitForLinesAsync(string path, int lines, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var content = File.Exists(path) ? ReadShared(path) : [];
            if (content.Length >= lines)
            {
                return content;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{path} has {content.Length} of {lines} lines.");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Every record of a topic (raw bytes), from the beginning to the end it has once at least
    /// <paramref name="expectedAtLeast"/> records were read. Works while producers keep writing: the end is the high
    /// watermark at that moment, not an end-of-partition event (which librdkafka only reports on an empty fetch).
    /// </summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadTopic(string topic, int expectedAtLeast = 0, TimeSpan? timeout = null) =>
        ReadTopic(Bootstrap, topic, expectedAtLeast, timeout);

    /// <inheritdoc cref="ReadTopic(string, int, TimeSpan?)"/>
    public static List<ConsumeResult<byte[]?, byte[]?>> ReadTopic(string bootstrap, string topic, int expectedAtLeast = 0, TimeSpan? timeout = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        Dictionary<TopicPartition, long>? ends = null;
        while (true)
        {
            if (results.Count >= expectedAtLeast)
            {
                ends ??= partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
                if (ends.All(e => e.Value == 0 || consumer.Position(e.Key).Value >= e.Value))
                {
                    return results;
                }
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Read {results.Count} record(s) of {topic}, expected at least {expectedAtLeast}.");
            }

            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                results.Add(result);
            }
        }
    }

    /// <summary>
    /// Waits until consumer group <paramref name="group"/> has committed at least the given offset of each partition (a
    /// target of 0 needs no commit).
    /// </summary>
    public static async Task WaitForCommittedAsync(string bootstrap, string group, IReadOnlyDictionary<TopicPartition, long> atLeast, TimeSpan? timeout = null)
    {
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false }).Build();
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var committed = reader.Committed([.. atLeast.Keys], TimeSpan.FromSeconds(10));
            if (committed.All(c => atLeast[c.TopicPartition] == 0 || c.Offset.Value >= atLeast[c.TopicPartition]))
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{group} committed {string.Join(", ", committed.Select(c => $"{c.Topic}:{c.Partition.Value}:{c.Offset.Value}"))}; waited for {string.Join(", ", atLeast.Select(e => $"{e.Key.Topic}:{e.Key.Partition.Value}:{e.Value}"))}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();
        TestRunDirectory.RemoveServerDirectory(Directory);
    }
}
