using Confluent.Kafka;
using DeltaConnect.Testing.Kafka;

namespace DeltaConnect.Broker.Tests;

/// <summary>Topics, records, configs and committed offsets survive a broker restart.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Committed_offsets_resume_after_a_broker_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync();
        var topic = KafkaClients.TopicName("restart");
        var group = KafkaClients.TopicName("restart-group");
        await KafkaClients.CreateTopicAsync(host.BootstrapServers, topic, partitions: 2, configs: new() { ["retention.ms"] = "86400000" });
        using (var producer = KafkaClients.Producer(host.BootstrapServers))
        {
            for (var i = 0; i < 20; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i}", Value = $"v{i}" }, ct);
            }
        }

        var seen = new HashSet<string>();
        using (var consumer = KafkaClients.Consumer(host.BootstrapServers, group))
        {
            consumer.Subscribe(topic);
            while (seen.Count < 12)
            {
                seen.Add(ConfluentKafkaConformanceTests.ConsumeOne(consumer).Message.Value);
            }

            consumer.Commit();
            consumer.Close();
        }

        await host.RestartAsync();

        using var admin = KafkaClients.Admin(host.BootstrapServers);
        var configs = (await admin.DescribeConfigsAsync([new Confluent.Kafka.Admin.ConfigResource { Type = Confluent.Kafka.Admin.ResourceType.Topic, Name = topic }])).Single().Entries;
        Assert.Equal("86400000", configs["retention.ms"].Value);

        using var resumed = KafkaClients.Consumer(host.BootstrapServers, group);
        resumed.Subscribe(topic);
        var rest = new HashSet<string>();
        while (rest.Count < 8)
        {
            rest.Add(ConfluentKafkaConformanceTests.ConsumeOne(resumed).Message.Value);
        }

        Assert.Empty(seen.Intersect(rest));
        Assert.Equal(20, seen.Union(rest).Count());
        Assert.Null(resumed.Consume(TimeSpan.FromSeconds(1)));
    }
}
