using Confluent.Kafka;
using DeltaConnect.Testing.Kafka;

namespace DeltaConnect.Broker.Tests;

/// <summary>Log compaction on cleanup.policy=compact topics, observed by a Kafka client reading from offset 0.</summary>
public sealed class CompactionTests
{
    private const int Keys = 40;
    private const int Versions = 12;

    [Fact]
    public async Task Reader_from_offset_zero_sees_exactly_the_latest_value_of_each_live_key_and_tombstones_expire()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync();
        var topic = KafkaClients.TopicName("compact");
        await KafkaClients.CreateTopicAsync(host.BootstrapServers, topic, configs: new()
        {
            ["cleanup.policy"] = "compact",
            ["segment.bytes"] = "4096",
            ["segment.ms"] = "200",
            ["min.cleanable.dirty.ratio"] = "0.01",
            ["delete.retention.ms"] = "3000",
        });

        var latest = new Dictionary<string, (string? Value, long Offset)>();
        using (var producer = KafkaClients.Producer(host.BootstrapServers, c => c.BatchNumMessages = 7))
        {
            for (var version = 0; version < Versions; version++)
            {
                for (var key = 0; key < Keys; key++)
                {
                    var value = $"key{key}-version{version}-" + new string('x', 40);
                    var delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = $"key{key}", Value = value }, ct);
                    latest[$"key{key}"] = (value, delivered.Offset.Value);
                }
            }

            // Delete every fourth key with a tombstone.
            for (var key = 0; key < Keys; key += 4)
            {
                var delivered = await producer.ProduceAsync(topic, new Message<string, string> { Key = $"key{key}", Value = null! }, ct);
                latest[$"key{key}"] = (null, delivered.Offset.Value);
            }
        }

        var live = latest.Where(l => l.Value.Value is not null).ToDictionary(l => l.Key, l => l.Value);
        var deleted = latest.Where(l => l.Value.Value is null).ToDictionary(l => l.Key, l => l.Value);

        // Phase 1: superseded values are gone; each key's latest record keeps its original offset; tombstones remain.
        var compacted = await WaitForAsync(host, topic, records =>
            records.Count == live.Count + deleted.Count && records.All(r => latest[r.Message.Key].Offset == r.Offset.Value), ct);
        foreach (var (key, (value, offset)) in live)
        {
            var record = Assert.Single(compacted, r => r.Message.Key == key);
            Assert.Equal(value, record.Message.Value);
            Assert.Equal(offset, record.Offset.Value);
        }

        Assert.All(compacted.Where(r => deleted.ContainsKey(r.Message.Key)), r => Assert.Null(r.Message.Value));
        Assert.Equal(compacted.Select(r => r.Offset.Value).Order(), compacted.Select(r => r.Offset.Value));

        // Phase 2: once delete.retention.ms has passed since a cleaning pass covered them, tombstones disappear too.
        var final = await WaitForAsync(host, topic, records => records.Count == live.Count, ct);
        Assert.Equal(live.Keys.Order(), final.Select(r => r.Message.Key).Order());
        Assert.All(final, r => Assert.Equal(live[r.Message.Key].Value, r.Message.Value));

        // The log still ends where it ended: compaction never renumbers.
        using var consumer = KafkaClients.Consumer(host.BootstrapServers, "watermarks");
        var end = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
        Assert.Equal(latest.Values.Max(v => v.Offset) + 1, end);
    }

    [Fact]
    public async Task Compacted_topic_rejects_records_without_a_key()
    {
        await using var host = await BrokerHost.StartAsync();
        var topic = KafkaClients.TopicName("compact-nokey");
        await KafkaClients.CreateTopicAsync(host.BootstrapServers, topic, configs: new() { ["cleanup.policy"] = "compact" });
        using var producer = KafkaClients.Producer(host.BootstrapServers, c => c.MessageSendMaxRetries = 0);

        var error = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceAsync(topic, new Message<string, string> { Key = null!, Value = "v" }, TestContext.Current.CancellationToken));
        Assert.Equal(ErrorCode.InvalidRecord, error.Error.Code);
    }

    [Fact]
    public async Task Compaction_survives_a_restart_and_keeps_its_result()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync();
        var topic = KafkaClients.TopicName("compact-restart");
        await KafkaClients.CreateTopicAsync(host.BootstrapServers, topic, configs: new()
        {
            ["cleanup.policy"] = "compact",
            ["segment.bytes"] = "2048",
            ["segment.ms"] = "200",
            ["min.cleanable.dirty.ratio"] = "0.01",
        });
        using (var producer = KafkaClients.Producer(host.BootstrapServers))
        {
            for (var i = 0; i < 200; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i % 5}", Value = $"v{i}" }, ct);
            }
        }

        await WaitForAsync(host, topic, records => records.Count == 5, ct);
        await host.RestartAsync();

        var records = KafkaClients.ReadAll(host.BootstrapServers, topic);
        Assert.Equal(["v195", "v196", "v197", "v198", "v199"], records.Select(r => r.Message.Value));
        Assert.Equal([195L, 196, 197, 198, 199], records.Select(r => r.Offset.Value));
    }

    private static async Task<List<ConsumeResult<string, string>>> WaitForAsync(
        BrokerHost host, string topic, Func<List<ConsumeResult<string, string>>, bool> condition, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<ConsumeResult<string, string>> records;
        while (!condition(records = KafkaClients.ReadAll(host.BootstrapServers, topic)))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Compaction did not reach the expected state; the topic holds {records.Count} records: " +
                    string.Join(", ", records.Take(60).Select(r => $"{r.Offset.Value}:{r.Message.Key}")));
            }

            await Task.Delay(300, cancellationToken);
        }

        return records;
    }
}
