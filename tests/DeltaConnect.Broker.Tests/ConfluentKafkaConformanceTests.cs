using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Broker.Tests;

/// <summary>The embedded broker against Confluent.Kafka (librdkafka), an independent Kafka client.</summary>
public sealed class ConfluentKafkaConformanceTests(BrokerFixture broker)
{
    private readonly string _bootstrap = broker.BootstrapServers;

    [Fact]
    public async Task Keyed_messages_with_headers_come_back_with_their_keys_values_headers_and_timestamps()
    {
        var topic = KafkaClients.TopicName("keyed");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic, partitions: 3);
        var sent = new List<DeliveryResult<string, string>>();
        using (var producer = KafkaClients.Producer(_bootstrap))
        {
            for (var i = 0; i < 300; i++)
            {
                var headers = new Headers { { "trace", Encoding.UTF8.GetBytes($"t-{i}") }, { "empty", null } };
                sent.Add(await producer.ProduceAsync(topic, new Message<string, string>
                {
                    Key = $"key-{i % 17}",
                    Value = $"value-{i}",
                    Headers = headers,
                    Timestamp = new Timestamp(1_700_000_000_000 + i, TimestampType.CreateTime),
                }, TestContext.Current.CancellationToken));
            }
        }

        var received = KafkaClients.ReadAll(_bootstrap, topic);

        Assert.Equal(300, received.Count);
        var bySent = sent.ToDictionary(d => (d.Partition.Value, d.Offset.Value));
        foreach (var record in received)
        {
            var original = bySent[(record.Partition.Value, record.Offset.Value)];
            Assert.Equal(original.Message.Key, record.Message.Key);
            Assert.Equal(original.Message.Value, record.Message.Value);
            Assert.Equal(original.Message.Timestamp.UnixTimestampMs, record.Message.Timestamp.UnixTimestampMs);
            Assert.Equal(TimestampType.CreateTime, record.Message.Timestamp.Type);
            Assert.Equal(original.Message.Headers.GetLastBytes("trace"), record.Message.Headers.GetLastBytes("trace"));
            Assert.Null(record.Message.Headers.GetLastBytes("empty"));
        }

        // The same key always lands in the same partition, and each partition's offsets are dense and ordered.
        Assert.All(received.GroupBy(r => r.Message.Key), g => Assert.Single(g.Select(r => r.Partition.Value).Distinct()));
        Assert.All(received.GroupBy(r => r.Partition.Value), g =>
            Assert.Equal(Enumerable.Range(0, g.Count()).Select(i => (long)i), g.Select(r => r.Offset.Value)));
    }

    [Fact]
    public async Task Consumer_group_of_two_splits_partitions_and_rebalances_when_one_member_leaves()
    {
        var topic = KafkaClients.TopicName("group");
        var group = KafkaClients.TopicName("group-id");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic, partitions: 4);
        var ct = TestContext.Current.CancellationToken;

        using var first = KafkaClients.Consumer(_bootstrap, group);
        first.Subscribe(topic);
        await KafkaClients.PollUntilAsync([first], () => first.Assignment.Count == 4, "first member owns all 4 partitions", ct);

        var second = KafkaClients.Consumer(_bootstrap, group);
        second.Subscribe(topic);
        await KafkaClients.PollUntilAsync([first, second], () => first.Assignment.Count == 2 && second.Assignment.Count == 2, "each member owns 2 partitions", ct);
        Assert.Empty(first.Assignment.Intersect(second.Assignment));

        second.Close();
        second.Dispose();
        await KafkaClients.PollUntilAsync([first], () => first.Assignment.Count == 4, "the remaining member owns all 4 partitions again", ct);

        using var admin = KafkaClients.Admin(_bootstrap);
        var description = (await admin.DescribeConsumerGroupsAsync([group])).ConsumerGroupDescriptions.Single();
        Assert.Equal(ConsumerGroupState.Stable, description.State);
        Assert.Single(description.Members);
        Assert.Equal(4, description.Members[0].Assignment.TopicPartitions.Count);
    }

    [Fact]
    public async Task Committed_offsets_are_returned_to_a_new_member_of_the_group()
    {
        var topic = KafkaClients.TopicName("commit");
        var group = KafkaClients.TopicName("commit-group");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic);
        using (var producer = KafkaClients.Producer(_bootstrap))
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = $"v{i}" }, TestContext.Current.CancellationToken);
            }
        }

        using (var consumer = KafkaClients.Consumer(_bootstrap, group))
        {
            consumer.Subscribe(topic);
            ConsumeResult<string, string>? result = null;
            for (var i = 0; i < 6; i++)
            {
                result = ConsumeOne(consumer);
            }

            consumer.Commit(result);
            consumer.Close();
        }

        using var next = KafkaClients.Consumer(_bootstrap, group);
        next.Subscribe(topic);
        Assert.Equal("v6", ConsumeOne(next).Message.Value);
        var committed = next.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10));
        Assert.Equal(6, committed.Single().Offset.Value);
    }

    [Fact]
    public async Task Idempotent_producer_writes_every_message_exactly_once_and_in_order()
    {
        var topic = KafkaClients.TopicName("idempotent");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic, partitions: 2);
        const int count = 20_000;
        using (var producer = KafkaClients.Producer(_bootstrap, c =>
        {
            c.EnableIdempotence = true;
            c.MaxInFlight = 5;
            c.LingerMs = 2;
            c.BatchNumMessages = 500;
        }))
        {
            var errors = 0;
            for (var i = 0; i < count; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture), Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    report => { if (report.Error.IsError) { Interlocked.Increment(ref errors); } });
            }

            producer.Flush(TestContext.Current.CancellationToken);
            Assert.Equal(0, errors);
        }

        var received = KafkaClients.ReadAll(_bootstrap, topic);
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Select(r => r.Message.Value).Distinct().Count());
        foreach (var partition in received.GroupBy(r => r.Message.Key))
        {
            var values = partition.OrderBy(r => r.Offset.Value).Select(r => int.Parse(r.Message.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(values.Order(), values);
        }
    }

    [Fact]
    public async Task Admin_client_creates_describes_alters_and_deletes_topics_and_their_configs()
    {
        var topic = KafkaClients.TopicName("admin");
        using var admin = KafkaClients.Admin(_bootstrap);
        await admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = topic,
            NumPartitions = 3,
            ReplicationFactor = 1,
            Configs = new Dictionary<string, string> { ["cleanup.policy"] = "compact", ["retention.ms"] = "3600000" },
        }]);

        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        Assert.Equal(3, metadata.Partitions.Count);
        Assert.All(metadata.Partitions, p => Assert.Equal(1, Assert.Single(p.Replicas)));

        var resource = new ConfigResource { Type = ResourceType.Topic, Name = topic };
        var configs = (await admin.DescribeConfigsAsync([resource])).Single().Entries;
        Assert.Equal("compact", configs["cleanup.policy"].Value);
        Assert.Equal(ConfigSource.DynamicTopicConfig, configs["cleanup.policy"].Source);
        Assert.Equal("3600000", configs["retention.ms"].Value);
        Assert.Equal(ConfigSource.DefaultConfig, configs["segment.bytes"].Source);

        await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [resource] =
            [
                new ConfigEntry { Name = "retention.ms", Value = "7200000", IncrementalOperation = AlterConfigOpType.Set },
                new ConfigEntry { Name = "cleanup.policy", Value = "delete", IncrementalOperation = AlterConfigOpType.Append },
            ],
        });
        configs = (await admin.DescribeConfigsAsync([resource])).Single().Entries;
        Assert.Equal("7200000", configs["retention.ms"].Value);
        Assert.Equal("compact,delete", configs["cleanup.policy"].Value);

        await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [resource] = [new ConfigEntry { Name = "retention.ms", Value = "", IncrementalOperation = AlterConfigOpType.Delete }],
        });
        configs = (await admin.DescribeConfigsAsync([resource])).Single().Entries;
        Assert.Equal("604800000", configs["retention.ms"].Value);
        Assert.Equal(ConfigSource.DefaultConfig, configs["retention.ms"].Source);

        await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 5 }]);
        Assert.Equal(5, admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count);

        await admin.DeleteTopicsAsync([topic]);
        var listed = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic);
        Assert.DoesNotContain(topic, listed);
    }

    [Fact]
    public async Task Admin_errors_name_the_problem()
    {
        using var admin = KafkaClients.Admin(_bootstrap);
        var replication = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = KafkaClients.TopicName("rf"), NumPartitions = 1, ReplicationFactor = 3 }]));
        Assert.Equal(ErrorCode.InvalidReplicationFactor, replication.Results.Single().Error.Code);
        Assert.Contains("larger than available brokers: 1", replication.Results.Single().Error.Reason, StringComparison.Ordinal);

        var badConfig = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = KafkaClients.TopicName("cfg"), NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "soon" } }]));
        Assert.Equal(ErrorCode.InvalidConfig, badConfig.Results.Single().Error.Code);
        Assert.Contains("retention.ms=soon", badConfig.Results.Single().Error.Reason, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = KafkaClients.TopicName("cfg"), NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["retention.mss"] = "1" } }]));
        Assert.Contains("Unknown topic config 'retention.mss'", unknown.Results.Single().Error.Reason, StringComparison.Ordinal);

        var name = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "bad name!", NumPartitions = 1, ReplicationFactor = 1 }]));
        Assert.Equal(ErrorCode.TopicException, name.Results.Single().Error.Code);

        var topic = KafkaClients.TopicName("exists");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic);
        var exists = await Assert.ThrowsAsync<CreateTopicsException>(() => KafkaClients.CreateTopicAsync(_bootstrap, topic));
        Assert.Equal(ErrorCode.TopicAlreadyExists, exists.Results.Single().Error.Code);
    }

    [Fact]
    public async Task Offsets_for_times_and_watermarks_follow_the_log()
    {
        var topic = KafkaClients.TopicName("times");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic);
        using (var producer = KafkaClients.Producer(_bootstrap))
        {
            for (var i = 0; i < 50; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = $"v{i}", Timestamp = new Timestamp(1_000_000 + (i * 1000), TimestampType.CreateTime) }, TestContext.Current.CancellationToken);
            }
        }

        using var consumer = KafkaClients.Consumer(_bootstrap, "times-" + Guid.NewGuid());
        var partition = new TopicPartition(topic, 0);
        var offsets = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(1_000_000 + 20_500, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(21, offsets.Single().Offset.Value);
        var beyond = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(9_000_000, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(Offset.End, beyond.Single().Offset);

        var watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
        Assert.Equal(0, watermarks.Low.Value);
        Assert.Equal(50, watermarks.High.Value);

        using var admin = KafkaClients.Admin(_bootstrap);
        var deleted = await admin.DeleteRecordsAsync([new TopicPartitionOffset(partition, 30)]);
        Assert.Equal(30, deleted.Single().Offset.Value);
        Assert.Equal(30, consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).Low.Value);
        var rest = KafkaClients.ReadAll(_bootstrap, topic);
        Assert.Equal(20, rest.Count);
        Assert.Equal("v30", rest[0].Message.Value);
    }

    [Fact]
    public async Task Groups_are_listed_and_deleted_by_the_admin_client()
    {
        var topic = KafkaClients.TopicName("listed");
        var group = KafkaClients.TopicName("listed-group");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic);
        using (var producer = KafkaClients.Producer(_bootstrap))
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" }, TestContext.Current.CancellationToken);
        }

        using (var consumer = KafkaClients.Consumer(_bootstrap, group))
        {
            consumer.Subscribe(topic);
            consumer.Commit([new TopicPartitionOffset(topic, 0, ConsumeOne(consumer).Offset + 1)]);
            using var admin = KafkaClients.Admin(_bootstrap);
            var listed = await admin.ListConsumerGroupsAsync();
            Assert.Contains(listed.Valid, g => g.GroupId == group && g.State == ConsumerGroupState.Stable);
            consumer.Close();
        }

        using var admin2 = KafkaClients.Admin(_bootstrap);
        await admin2.DeleteGroupsAsync([group]);
        var after = await admin2.ListConsumerGroupsAsync();
        Assert.DoesNotContain(after.Valid, g => g.GroupId == group);
    }

    [Fact]
    public async Task Committed_offsets_of_some_partitions_are_deleted_by_the_admin_client_only_when_the_group_is_empty()
    {
        var topic = KafkaClients.TopicName("offset-delete");
        var group = KafkaClients.TopicName("offset-delete-group");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic, partitions: 2);
        using var admin = KafkaClients.Admin(_bootstrap);
        await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset(topic, 0, 5), new TopicPartitionOffset(topic, 1, 7)])]);

        var result = await admin.DeleteConsumerGroupOffsetsAsync(group, [new TopicPartition(topic, 0)]);
        Assert.Equal(0, Assert.Single(result.Partitions).Partition.Value);
        var left = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)])).Single().Partitions;
        Assert.Equal(7, Assert.Single(left, p => p.Offset.Value >= 0).Offset.Value);
        Assert.Equal(1, left.Single(p => p.Offset.Value >= 0).Partition.Value);

        // An active member keeps the group's offsets.
        using var consumer = KafkaClients.Consumer(_bootstrap, group);
        consumer.Subscribe(topic);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (consumer.Assignment.Count == 0 && DateTime.UtcNow < until)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(200));
        }

        var refused = await Assert.ThrowsAsync<DeleteConsumerGroupOffsetsException>(() => admin.DeleteConsumerGroupOffsetsAsync(group, [new TopicPartition(topic, 1)]));
        Assert.Equal(ErrorCode.GroupSubscribedToTopic, Assert.Single(refused.Result.Partitions).Error.Code);
        consumer.Close();

        await Assert.ThrowsAnyAsync<KafkaException>(() => admin.DeleteConsumerGroupOffsetsAsync(KafkaClients.TopicName("no-such-group"), [new TopicPartition(topic, 1)]));
    }

    internal static ConsumeResult<string, string> ConsumeOne(IConsumer<string, string> consumer)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false })
            {
                return result;
            }
        }

        throw new TimeoutException("No message arrived within 30 s.");
    }
}
