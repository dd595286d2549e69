using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace DeltaConnect.Broker.Tests;

/// <summary>Confluent.Kafka clients configured for the tests, plus small helpers to read a topic back.</summary>
internal static class KafkaClients
{
    public static IProducer<string, string> Producer(string bootstrap, Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5, Acks = Acks.All };
        configure?.Invoke(config);
        return new ProducerBuilder<string, string>(config).Build();
    }

    public static IConsumer<string, string> Consumer(string bootstrap, string groupId, Action<ConsumerConfig>? configure = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 500,
            CheckCrcs = true,
        };
        configure?.Invoke(config);
        return new ConsumerBuilder<string, string>(config).Build();
    }

    public static IAdminClient Admin(string bootstrap) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();

    public static async Task CreateTopicAsync(string bootstrap, string topic, int partitions = 1, Dictionary<string, string>? configs = null)
    {
        using var admin = Admin(bootstrap);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1, Configs = configs }]);
    }

    /// <summary>
    /// Reads every record of a topic from the beginning up to the end it has when the read starts (by assignment,
    /// no group). Gaps left by compaction are fine: a partition is done when the consumer reports its end.
    /// </summary>
    public static List<ConsumeResult<string, string>> ReadAll(string bootstrap, string topic, TimeSpan? deadline = null)
    {
        using var admin = Admin(bootstrap);
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var partitions = metadata.Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        using var consumer = Consumer(bootstrap, "reader-" + Guid.NewGuid().ToString("N"), c => c.EnablePartitionEof = true);
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var results = new List<ConsumeResult<string, string>>();
        var done = new HashSet<int>();
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (done.Count < partitions.Count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Reading {topic}: partitions {string.Join(",", partitions.Select(p => p.Partition.Value).Except(done))} did not reach their end.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                if (result.Offset.Value >= ends[result.Partition.Value])
                {
                    done.Add(result.Partition.Value);
                }

                continue;
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>
    /// Polls every consumer until <paramref name="condition"/> holds (group membership progresses only while consumers
    /// poll), failing after a minute with <paramref name="what"/> and the consumers' assignments.
    /// </summary>
    public static async Task PollUntilAsync(IReadOnlyList<IConsumer<string, string>> consumers, Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting until {what}; assignments: {string.Join(" | ", consumers.Select(c => string.Join(",", c.Assignment)))}");
            }

            foreach (var consumer in consumers)
            {
                consumer.Consume(TimeSpan.FromMilliseconds(100));
            }

            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A unique topic name for a test.</summary>
    public static string TopicName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
