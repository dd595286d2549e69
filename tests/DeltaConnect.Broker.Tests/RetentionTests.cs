using Confluent.Kafka;
using DeltaConnect.Testing.Kafka;

namespace DeltaConnect.Broker.Tests;

/// <summary>Retention by size and by time on cleanup.policy=delete topics.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Retention_bytes_deletes_the_oldest_segments_and_advances_the_log_start_offset()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync();
        var topic = KafkaClients.TopicName("retention-bytes");
        await KafkaClients.CreateTopicAsync(host.BootstrapServers, topic, configs: new() { ["segment.bytes"] = "2048", ["retention.bytes"] = "8192" });
        using (var producer = KafkaClients.Producer(host.BootstrapServers))
        {
            for (var i = 0; i < 300; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = $"{i:D4}-" + new string('r', 100) }, ct);
            }
        }

        // A maintenance pass after the last write settles retention (background passes may have done part of it).
        host.Broker.RunMaintenance();
        using var consumer = KafkaClients.Consumer(host.BootstrapServers, "retention");
        var partition = new TopicPartition(topic, 0);
        var low = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).Low.Value;
        Assert.True(low > 0, "retention.bytes should have deleted the oldest segments");

        var records = KafkaClients.ReadAll(host.BootstrapServers, topic);
        Assert.Equal(low, records[0].Offset.Value);
        Assert.Equal(299, records[^1].Offset.Value);
        Assert.Equal(Enumerable.Range((int)low, 300 - (int)low).Select(i => $"{i:D4}"), records.Select(r => r.Message.Value[..4]));
        var bytesKept = records.Sum(r => r.Message.Value.Length);
        Assert.True(bytesKept < 8192 + 4096, $"{bytesKept} bytes of values kept; retention.bytes=8192 plus at most the active and one partial segment");
    }

    [Fact]
    public async Task Retention_ms_deletes_segments_whose_newest_record_is_too_old()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync();
        var topic = KafkaClients.TopicName("retention-ms");
        await KafkaClients.CreateTopicAsync(host.BootstrapServers, topic, configs: new() { ["segment.bytes"] = "1024", ["retention.ms"] = "3600000" });
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var producer = KafkaClients.Producer(host.BootstrapServers))
        {
            // Old records (CreateTime two hours ago), then recent ones.
            for (var i = 0; i < 40; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = $"old-{i}-" + new string('o', 60), Timestamp = new Timestamp(now - 7_200_000, TimestampType.CreateTime) }, ct);
            }

            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = $"new-{i}-" + new string('n', 60) }, ct);
            }
        }

        host.Broker.RunMaintenance();
        using var consumer = KafkaClients.Consumer(host.BootstrapServers, "retention");
        var partition = new TopicPartition(topic, 0);
        Assert.True(consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).Low.Value >= 30, "segments holding only old records should be deleted");

        var values = KafkaClients.ReadAll(host.BootstrapServers, topic).Select(r => r.Message.Value).ToList();
        Assert.Equal(10, values.Count(v => v.StartsWith("new", StringComparison.Ordinal)));
        Assert.True(values.Count(v => v.StartsWith("old", StringComparison.Ordinal)) < 10, "old records beyond the segment shared with new ones are deleted");
    }
}
