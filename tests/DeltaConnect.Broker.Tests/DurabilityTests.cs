using System.Collections.Concurrent;
using Confluent.Kafka;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Testing.Kafka;

namespace DeltaConnect.Broker.Tests;

/// <summary>Acknowledged writes survive the broker process being killed with SIGKILL.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Every_acknowledged_record_is_readable_after_kill_9_during_acks_all_writes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await BrokerProcess.StartAsync(ct);
        var failedTest = true;
        try
        {
            var topic = KafkaClients.TopicName("durable");
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, partitions: 3);
            var acknowledged = new ConcurrentDictionary<(int Partition, long Offset), string>();
            using (var producer = KafkaClients.Producer(broker.BootstrapServers, c =>
            {
                c.Acks = Acks.All;
                c.LingerMs = 1;
                c.MessageTimeoutMs = 5000;
                c.CompressionType = CompressionType.Lz4;
            }))
            {
                var i = 0;
                while (acknowledged.Count < 20_000)
                {
                    var value = $"value-{i++}-" + new string('d', 100);
                    producer.Produce(topic, new Message<string, string> { Key = $"k{i % 31}", Value = value }, report =>
                    {
                        if (!report.Error.IsError)
                        {
                            acknowledged[(report.Partition.Value, report.Offset.Value)] = report.Message.Value;
                        }
                    });
                    if (i % 1000 == 0)
                    {
                        await Task.Yield();
                    }
                }

                // Kill while the producer keeps writing.
                for (var j = 0; j < 5000; j++)
                {
                    producer.Produce(topic, new Message<string, string> { Key = $"k{j % 31}", Value = $"late-{j}" }, report =>
                    {
                        if (!report.Error.IsError)
                        {
                            acknowledged[(report.Partition.Value, report.Offset.Value)] = report.Message.Value;
                        }
                    });
                }

                await broker.KillAsync();
                producer.Flush(TimeSpan.FromSeconds(10));
            }

            await broker.RestartAsync(ct);
            var records = KafkaClients.ReadAll(broker.BootstrapServers, topic)
                .ToDictionary(r => (Partition: r.Partition.Value, Offset: r.Offset.Value), r => r.Message.Value);

            Assert.True(acknowledged.Count >= 20_000);
            foreach (var (position, value) in acknowledged)
            {
                Assert.True(records.TryGetValue(position, out var stored), $"acknowledged record at partition {position.Partition} offset {position.Offset} is missing");
                Assert.Equal(value, stored);
            }

            // Offsets stay dense: recovery truncated at most an unacknowledged tail, never the middle.
            foreach (var partition in records.Keys.GroupBy(k => k.Partition))
            {
                Assert.Equal(Enumerable.Range(0, partition.Count()).Select(o => (long)o), partition.Select(k => k.Offset).Order());
            }

            failedTest = false;
        }
        finally
        {
            if (failedTest)
            {
                DeltaConnect.Testing.Servers.ServerLogs.ReportIfTestFailed([broker]);
            }
        }
    }
}
