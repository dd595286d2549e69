using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Worker.Tests;

/// <summary>
/// Processor connectors on a standalone worker and the embedded broker: state in RocksDB backed by a compacted changelog,
/// restored when the local state is gone or partitions move between tasks, durable timers, and retriable failures that
/// undo a batch's state changes and emits.
/// </summary>
public sealed class ProcessorTests(BrokerFixture broker)
{
    private const string StringConverter = "org.apache.kafka.connect.storage.StringConverter";

    [Fact]
    public async Task Deduplicate_forwards_each_change_once_and_remembers_after_its_local_state_is_deleted()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var input = scenario.Topic("changes");
        var output = input + "-deduplicated";
        var connector = scenario.Topic("dedup");
        await CreateTopicAsync(input, partitions: 3);
        await scenario.CreateConnectorAsync(connector, Deduplicate(input));

        // Each key changes a → a → b → b → a: three real changes, two repeats.
        var keys = Enumerable.Range(0, 30).Select(i => $"key-{i}").ToList();
        await ProduceAsync(input, keys.SelectMany(k => new[] { "a", "a", "b", "b", "a" }.Select(v => (k, v))).ToList());
        await WaitForCommittedAsync(connector, input);
        var forwarded = Strings(scenario.ReadTopic(output, expectedAtLeast: keys.Count * 3));
        Assert.Equal(keys.Count * 3, forwarded.Count);
        foreach (var key in keys)
        {
            Assert.Equal(["a", "b", "a"], forwarded.Where(r => r.Key == key).Select(r => r.Value));
        }

        // Lose the worker's local state: the changelog topic restores it, so replayed values are still recognised.
        await scenario.StopWorkerAsync();
        var stateDirectory = Path.Combine(scenario.Path("data"), "state");
        Assert.True(Directory.Exists(stateDirectory), $"the processor should keep its state under {stateDirectory}");
        Directory.Delete(stateDirectory, recursive: true);
        await scenario.StartWorkerAsync();
        await ProduceAsync(input, [.. keys.Select(k => (k, "a")), ("key-0", "c"), ("new-key", "a")]);
        await WaitForCommittedAsync(connector, input);

        var all = Strings(scenario.ReadTopic(output, expectedAtLeast: forwarded.Count + 2));
        Assert.Equal(forwarded.Count + 2, all.Count);
        Assert.Contains(("key-0", "c"), all);
        Assert.Contains(("new-key", "a"), all);
        Assert.Equal(WorkerState.Running, scenario.Host!.Herder.Status(connector).Tasks[0].Value.State);
    }

    [Fact]
    public async Task State_follows_partitions_when_more_tasks_take_over()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var input = scenario.Topic("rebalanced");
        var output = input + "-deduplicated";
        var connector = scenario.Topic("dedup");
        await CreateTopicAsync(input, partitions: 3);
        await scenario.CreateConnectorAsync(connector, Deduplicate(input));
        var keys = Enumerable.Range(0, 40).Select(i => $"key-{i}").ToList();
        await ProduceAsync(input, [.. keys.Select(k => (k, "v1"))]);
        await WaitForCommittedAsync(connector, input);
        Assert.Equal(keys.Count, scenario.ReadTopic(output, expectedAtLeast: keys.Count).Count);

        // Three tasks now share the three partitions: two partitions move to tasks that never saw them.
        await scenario.Host!.Herder.PutConnectorConfigAsync(connector, new Dictionary<string, string>(Deduplicate(input)) { ["tasks.max"] = "3" }, allowReplace: true, initialState: null, TestContext.Current.CancellationToken);
        await WaitForTasksAsync(scenario, connector, 3);
        await ProduceAsync(input, [.. keys.Select(k => (k, "v1")), .. keys.Select(k => (k, "v2"))]);
        await WaitForCommittedAsync(connector, input);

        var forwarded = Strings(scenario.ReadTopic(output, expectedAtLeast: keys.Count * 2));
        Assert.Equal(keys.Count * 2, forwarded.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), forwarded.Where(r => r.Value == "v2").Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Timers_survive_a_restart_without_local_state_and_expire_remembered_values()
    {
        const int RetentionMs = 6000;
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var input = scenario.Topic("expiring");
        var output = input + "-deduplicated";
        var connector = scenario.Topic("dedup");
        var changelog = scenario.Topic("dedup-changelog");
        await CreateTopicAsync(input, partitions: 2);
        await scenario.CreateConnectorAsync(connector, new Dictionary<string, string>(Deduplicate(input))
        {
            ["retention.ms"] = RetentionMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["state.changelog.topic"] = changelog,
        });
        await ProduceAsync(input, [("k1", "same"), ("k2", "same")]);
        await WaitForCommittedAsync(connector, input);
        await scenario.StopWorkerAsync();
        Assert.Equal(2, scenario.ReadTopic(output, expectedAtLeast: 2).Count);
        // The state (two values, two timers) is in the changelog; the timers must not have fired yet, or this test
        // would prove nothing about their durability.
        var before = scenario.ReadTopic(changelog, expectedAtLeast: 4);
        Assert.True(before.All(r => r.Message.Value is not null), $"a timer fired within {RetentionMs} ms of being set, before the restart; the test needs a longer retention on this machine");

        // The timers were set by the first run; with the local state deleted they can only come back from the changelog.
        Directory.Delete(Path.Combine(scenario.Path("data"), "state"), recursive: true);
        await scenario.StartWorkerAsync();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (scenario.ReadTopic(changelog).Count(r => r.Message.Value is null) < 4)
        {
            Assert.True(DateTime.UtcNow < until, "the expiry timers set before the restart never fired (no tombstones in the changelog)");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        // Forgotten: the same value is a change again — once.
        await ProduceAsync(input, [("k1", "same"), ("k1", "same"), ("k2", "same")]);
        await WaitForCommittedAsync(connector, input);
        var forwarded = Strings(scenario.ReadTopic(output, expectedAtLeast: 4));
        Assert.Equal(2, forwarded.Count(r => r.Key == "k1"));
        Assert.Equal(2, forwarded.Count(r => r.Key == "k2"));
    }

    [Fact]
    public async Task A_retriable_failure_undoes_the_batch_state_and_emits_then_retries_it()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var input = scenario.Topic("counted");
        var output = scenario.Topic("counts");
        var connector = scenario.Topic("counter");
        await CreateTopicAsync(input, partitions: 3);
        await scenario.CreateConnectorAsync(connector, new()
        {
            ["connector.class"] = "CountingProcessorConnector",
            ["topics"] = input,
            ["output.topic"] = output,
            ["key.converter"] = StringConverter,
            ["value.converter"] = StringConverter,
        });
        var keys = Enumerable.Range(0, 10).Select(i => $"key-{i}").ToList();
        var records = Enumerable.Range(0, 20).SelectMany(round => keys.Select(k => (k, round % 7 == 3 ? "retry" : "plain"))).ToList();
        await ProduceAsync(input, records);
        await WaitForCommittedAsync(connector, input);

        var counts = Strings(scenario.ReadTopic(output, expectedAtLeast: records.Count));
        Assert.Equal(records.Count, counts.Count);
        foreach (var key in keys)
        {
            // Had the failed attempts' state or emits survived, counts would skip numbers or repeat.
            Assert.Equal(Enumerable.Range(1, 20).Select(n => $"{key}:{n}"), counts.Where(r => r.Key == key).Select(r => r.Value));
        }

        Assert.Equal(WorkerState.Running, scenario.Host!.Herder.Status(connector).Tasks[0].Value.State);
    }

    [Fact]
    public async Task A_changelog_topic_that_is_not_compacted_fails_the_task_with_the_fix()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var input = scenario.Topic("plain-in");
        var changelog = scenario.Topic("not-compacted");
        await CreateTopicAsync(input, partitions: 1);
        await CreateTopicAsync(changelog, partitions: 1, new() { ["cleanup.policy"] = "delete" });
        var connector = scenario.Topic("dedup");
        await scenario.CreateConnectorAsync(connector, new Dictionary<string, string>(Deduplicate(input)) { ["state.changelog.topic"] = changelog });
        await ProduceAsync(input, [("k", "v")]);

        var status = await scenario.WaitForTaskStateAsync(connector, WorkerState.Failed);
        Assert.Contains(changelog, status.Trace, StringComparison.Ordinal);
        Assert.Contains("cleanup.policy=compact", status.Trace, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Deduplicate(string input) => new()
    {
        ["connector.class"] = "Deduplicate",
        ["topics"] = input,
        ["key.converter"] = StringConverter,
        ["value.converter"] = StringConverter,
    };

    private async Task CreateTopicAsync(string topic, int partitions, Dictionary<string, string>? configs = null)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1, Configs = configs }]);
    }

    private async Task ProduceAsync(string topic, IReadOnlyList<(string Key, string Value)> records)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, EnableIdempotence = true }).Build();
        foreach (var (key, value) in records)
        {
            producer.Produce(topic, new Message<string, string> { Key = key, Value = value });
        }

        producer.Flush(TestContext.Current.CancellationToken);
        await Task.CompletedTask;
    }

    /// <summary>Waits until the connector's consumer group has committed the end of every partition of <paramref name="topic"/>:
    /// a processor commits input offsets only after its emits and state changes are durable, so everything is then in place.</summary>
    private Task WaitForCommittedAsync(string connector, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "ends-" + Guid.NewGuid().ToString("N") }).Build();
        var ends = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .ToDictionary(p => new TopicPartition(topic, p.PartitionId), p => reader.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
        return WorkerScenario.WaitForCommittedAsync(broker.BootstrapServers, $"connect-{connector}", ends);
    }

    private static async Task WaitForTasksAsync(WorkerScenario scenario, string connector, int tasks)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (scenario.Host!.Herder.Status(connector) is var status && (status.Tasks.Count != tasks || status.Tasks.Any(t => t.Value.State != WorkerState.Running)))
        {
            Assert.True(DateTime.UtcNow < until, $"{connector} did not run {tasks} tasks");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static List<(string Key, string Value)> Strings(IEnumerable<ConsumeResult<byte[]?, byte[]?>> records) =>
        [.. records.Select(r => (Encoding.UTF8.GetString(r.Message.Key!), Encoding.UTF8.GetString(r.Message.Value!)))];
}
