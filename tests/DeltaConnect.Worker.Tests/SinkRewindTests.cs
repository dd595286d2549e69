using System.Text;
using Confluent.Kafka;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Worker.Tests;

/// <summary>A sink that rewinds in OpenAsync (offsets kept in the destination) gets each record once from the new position.</summary>
public sealed class SinkRewindTests(BrokerFixture broker)
{
    [Fact]
    public async Task Records_fetched_before_the_rewind_asked_for_in_open_are_not_delivered_twice()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var topic = scenario.Topic("rewound");
        const int Count = 3000;
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < Count; i++)
            {
                producer.Produce(topic, new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes($"v{i}") });
            }

            producer.Flush(TestContext.Current.CancellationToken);
        }

        var output = scenario.Path("delivered.txt");
        await scenario.CreateConnectorAsync("rewinding-sink", new()
        {
            ["connector.class"] = "RewindingSink",
            ["topics"] = topic,
            ["file"] = output,
            ["rewind.to"] = "0",
            ["value.converter"] = "org.apache.kafka.connect.converters.ByteArrayConverter",
        });

        await WorkerScenario.WaitForCommittedAsync(scenario.Bootstrap, "connect-rewinding-sink", new Dictionary<TopicPartition, long> { [new TopicPartition(topic, 0)] = Count });
        var delivered = WorkerScenario.ReadShared(output);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"0:{i}"), delivered);
    }
}
