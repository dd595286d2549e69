using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Testing.Peers;
using CompressionType = DeltaConnect.Protocol.Records.CompressionType;

namespace DeltaConnect.Broker.Tests;

/// <summary>
/// The embedded broker against kafkajs, an independent pure-JavaScript implementation of the protocol. The scripts in
/// <c>Peers/</c> drive kafkajs and print what they saw as JSON; these tests check it against what the broker holds.
/// </summary>
public sealed class KafkajsTests(BrokerFixture broker)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);
    private readonly string _bootstrap = broker.BootstrapServers;

    [Theory]
    [InlineData("none", CompressionType.None)]
    [InlineData("gzip", CompressionType.Gzip)]
    public async Task Keyed_messages_with_headers_from_kafkajs_are_read_back_with_their_keys_values_headers_and_timestamps(string codec, CompressionType expected)
    {
        var topic = KafkaClients.TopicName($"kafkajs-{codec}");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic, partitions: 3);
        const int count = 60;

        var result = await RunScriptAsync("kafkajs-produce.js", [_bootstrap, topic, Text(count), codec]);
        var received = KafkaClients.ReadAll(_bootstrap, topic);

        Assert.Equal(count, received.Count);
        var indexes = new List<int>();
        foreach (var record in received)
        {
            var i = int.Parse(record.Message.Value.Split('-')[1], CultureInfo.InvariantCulture);
            indexes.Add(i);
            Assert.Equal($"key-{i % 7}", record.Message.Key);
            Assert.Equal($"{codec}-{i}-" + string.Concat(Enumerable.Repeat("payload ", 20)), record.Message.Value);
            Assert.Equal(TimestampType.CreateTime, record.Message.Timestamp.Type);
            Assert.Equal(1_700_000_000_000 + i, record.Message.Timestamp.UnixTimestampMs);
            Assert.Equal(["trace", "client"], record.Message.Headers.Select(h => h.Key).ToArray());
            Assert.Equal($"t-{i}", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("trace")));
            Assert.Equal("kafkajs", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("client")));
        }

        Assert.Equal(Enumerable.Range(0, count), indexes.Order());

        // Keys map to one partition each, the topic's partitions are all used, and each partition keeps send order.
        Assert.All(received.GroupBy(r => r.Message.Key), g => Assert.Single(g.Select(r => r.Partition.Value).Distinct()));
        Assert.True(received.Select(r => r.Partition.Value).Distinct().Count() > 1, "seven keys should spread over the partitions");
        foreach (var partition in received.GroupBy(r => r.Partition.Value))
        {
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(o => (long)o), partition.Select(r => r.Offset.Value));
            var order = partition.Select(r => int.Parse(r.Message.Value.Split('-')[1], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(order.Order(), order);
        }

        // Each send was acknowledged per partition with the offset its first message got: the first send at 0, the
        // second after the first send's messages of that partition.
        var sends = result.GetProperty("sends").EnumerateArray().ToList();
        Assert.Equal(2, sends.Count);
        var firstHalf = received.Where(r => int.Parse(r.Message.Value.Split('-')[1], CultureInfo.InvariantCulture) < count / 2)
            .GroupBy(r => r.Partition.Value).ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var (acks, send) in sends.Select((s, n) => (s.EnumerateArray().ToList(), n)))
        {
            Assert.NotEmpty(acks);
            Assert.All(acks, ack =>
            {
                Assert.Equal(topic, ack.GetProperty("topicName").GetString());
                Assert.Equal(0, ack.GetProperty("errorCode").GetInt32());
                var partition = ack.GetProperty("partition").GetInt32();
                var expectedBase = send == 0 ? 0 : firstHalf.GetValueOrDefault(partition);
                Assert.Equal(Text(expectedBase), ack.GetProperty("baseOffset").GetString());
            });
        }

        // kafkajs compresses GZIP itself; the broker stores the batches as they came.
        foreach (var partition in received.Select(r => r.Partition.Value).Distinct())
        {
            var batches = StoredBatches.Read(broker, topic, partition);
            Assert.NotEmpty(batches);
            Assert.All(batches, b => Assert.Equal(expected, b.Compression));
        }
    }

    [Fact]
    public async Task Two_kafkajs_consumers_split_a_group_and_the_one_left_takes_every_partition_and_commits_to_the_end()
    {
        var topic = KafkaClients.TopicName("kafkajs-group");
        var group = KafkaClients.TopicName("kafkajs-group-id");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic, partitions: 4);
        const int count = 40;

        var result = await RunScriptAsync("kafkajs-group.js", [_bootstrap, topic, group, Text(count)]);

        // While both were members, the group split the four partitions between them (GROUP_JOIN's memberAssignment).
        var split = result.GetProperty("split").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => Partitions(m.GetProperty("assignment")));
        Assert.NotEmpty(split["first"]);
        Assert.NotEmpty(split["second"]);
        Assert.Empty(split["first"].Intersect(split["second"]));
        Assert.Equal([0, 1, 2, 3], split["first"].Concat(split["second"]).Order());

        // Every message was consumed exactly once between them, each member only from its own partitions.
        var firstRound = result.GetProperty("firstRound").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => Received(m.GetProperty("received")));
        var values = firstRound.Values.SelectMany(r => r.Select(m => m.Value)).ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m-{i}").Order(), values.Order());
        foreach (var (name, received) in firstRound)
        {
            Assert.NotEmpty(received);
            Assert.All(received, m => Assert.Contains(m.Partition, split[name]));
        }

        // After the second member left, the first rejoined (same member id) with all four partitions and got every new
        // message, from every partition.
        var rejoin = result.GetProperty("rejoin");
        var firstMemberId = result.GetProperty("split").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "first").GetProperty("memberId").GetString();
        Assert.Equal(firstMemberId, rejoin.GetProperty("memberId").GetString());
        Assert.Equal([0, 1, 2, 3], Partitions(rejoin.GetProperty("assignment")));
        var afterLeave = Received(result.GetProperty("afterLeave"));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"n-{i}").Order(), afterLeave.Select(m => m.Value).Order());
        Assert.Equal([0, 1, 2, 3], afterLeave.Select(m => m.Partition).Distinct().Order());

        // Committed offsets are at the end of every partition, as kafkajs's admin client and Confluent.Kafka read them.
        var committedByKafkajs = result.GetProperty("committed").EnumerateArray()
            .ToDictionary(p => p.GetProperty("partition").GetInt32(), p => long.Parse(p.GetProperty("offset").GetString()!, CultureInfo.InvariantCulture));
        using var consumer = KafkaClients.Consumer(_bootstrap, group);
        var committed = consumer.Committed([.. Enumerable.Range(0, 4).Select(p => new TopicPartition(topic, p))], TimeSpan.FromSeconds(10));
        Assert.Equal(4, committed.Count);
        foreach (var offset in committed)
        {
            var end = consumer.QueryWatermarkOffsets(offset.TopicPartition, TimeSpan.FromSeconds(10)).High.Value;
            Assert.Equal(end, offset.Offset.Value);
            Assert.Equal(end, committedByKafkajs[offset.Partition.Value]);
        }

        Assert.Equal(count + 8, committed.Sum(c => c.Offset.Value));

        // kafkajs restarts a crashed consumer and carries on, so the checks above can pass even when the broker dropped
        // a connection; a crash is still a broker failure.
        Assert.True(result.GetProperty("crashes").GetArrayLength() == 0, $"kafkajs consumers crashed: {result.GetProperty("crashes")}");
    }

    [Fact]
    public async Task Kafkajs_admin_client_manages_a_topic_its_configs_and_partitions_and_describes_the_cluster_and_a_group()
    {
        var topic = KafkaClients.TopicName("kafkajs-admin");
        var groupTopic = KafkaClients.TopicName("kafkajs-admin-group");
        var group = KafkaClients.TopicName("kafkajs-admin-group-id");
        var ct = TestContext.Current.CancellationToken;
        await KafkaClients.CreateTopicAsync(_bootstrap, groupTopic, partitions: 2);
        using (var producer = KafkaClients.Producer(_bootstrap))
        {
            for (var i = 0; i < 4; i++)
            {
                await producer.ProduceAsync(new TopicPartition(groupTopic, i % 2), new Message<string, string> { Key = "k", Value = $"v{i}" }, ct);
            }
        }

        // A live member of the group, which has committed offset 2 of partition 0 and 1 of partition 1.
        using var member = KafkaClients.Consumer(_bootstrap, group, c => c.ClientId = "confluent-member");
        member.Subscribe(groupTopic);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (member.Assignment.Count < 2)
        {
            Assert.True(DateTime.UtcNow < until, "the Confluent.Kafka member was not assigned both partitions within 60 s");
            member.Consume(TimeSpan.FromMilliseconds(100));
        }

        member.Commit([new TopicPartitionOffset(groupTopic, 0, 2), new TopicPartitionOffset(groupTopic, 1, 1)]);

        var memberId = member.MemberId;
        var result = await RunScriptAsync("kafkajs-admin.js", [_bootstrap, topic, group, groupTopic]);
        member.Close();

        // createTopics reports true for a new topic and false for one that exists.
        Assert.True(result.GetProperty("created").GetBoolean());
        Assert.False(result.GetProperty("createdAgain").GetBoolean());
        AssertPartitionsLedByThisBroker(result.GetProperty("metadata"), topic, 3);

        // Configs given at creation are topic overrides; the rest are defaults (ConfigSource 1 = dynamic topic config,
        // 5 = default). AlterConfigs replaces the whole set of overrides, so cleanup.policy goes back to its default.
        var atCreation = result.GetProperty("configsAtCreation");
        Assert.True(atCreation.GetProperty("count").GetInt32() > 3);
        AssertConfig(atCreation, "cleanup.policy", "compact", isDefault: false, source: 1);
        AssertConfig(atCreation, "retention.ms", "3600000", isDefault: false, source: 1);
        AssertConfig(atCreation, "segment.bytes", "1073741824", isDefault: true, source: 5);
        var altered = Assert.Single(result.GetProperty("alter").GetProperty("resources").EnumerateArray());
        Assert.Equal(0, altered.GetProperty("errorCode").GetInt32());
        Assert.Equal(topic, altered.GetProperty("resourceName").GetString());
        var afterAlter = result.GetProperty("configsAfterAlter");
        AssertConfig(afterAlter, "retention.ms", "7200000", isDefault: false, source: 1);
        AssertConfig(afterAlter, "cleanup.policy", "delete", isDefault: true, source: 5);

        AssertPartitionsLedByThisBroker(result.GetProperty("metadataAfterCreatePartitions"), topic, 5);

        // Six messages went to partitions 0, 0, 0, 3, 4, 4 (4 being one of the added partitions).
        var offsets = result.GetProperty("offsets").EnumerateArray()
            .Select(o => (Partition: o.GetProperty("partition").GetInt32(), Low: o.GetProperty("low").GetString(), High: o.GetProperty("high").GetString()))
            .ToList();
        Assert.Equal([(0, "0", "3"), (1, "0", "0"), (2, "0", "0"), (3, "0", "1"), (4, "0", "2")], offsets);
        Assert.True(result.GetProperty("listed").GetBoolean());

        var cluster = result.GetProperty("cluster");
        var clusterBroker = Assert.Single(cluster.GetProperty("brokers").EnumerateArray());
        Assert.Equal(1, clusterBroker.GetProperty("nodeId").GetInt32());
        Assert.Equal("127.0.0.1", clusterBroker.GetProperty("host").GetString());
        Assert.Equal(broker.Host.Port, clusterBroker.GetProperty("port").GetInt32());
        Assert.Equal(1, cluster.GetProperty("controller").GetInt32());
        Assert.Equal(broker.Host.Broker.ClusterId, cluster.GetProperty("clusterId").GetString());

        var listedGroup = Assert.Single(result.GetProperty("groups").EnumerateArray());
        Assert.Equal("consumer", listedGroup.GetProperty("protocolType").GetString());
        var described = Assert.Single(result.GetProperty("describedGroups").EnumerateArray());
        Assert.Equal(0, described.GetProperty("errorCode").GetInt32());
        Assert.Equal(group, described.GetProperty("groupId").GetString());
        Assert.Equal("Stable", described.GetProperty("state").GetString());
        Assert.Equal("consumer", described.GetProperty("protocolType").GetString());
        Assert.False(string.IsNullOrEmpty(described.GetProperty("protocol").GetString()));
        var describedMember = Assert.Single(described.GetProperty("members").EnumerateArray());
        Assert.Equal(memberId, describedMember.GetProperty("memberId").GetString());
        Assert.Equal("confluent-member", describedMember.GetProperty("clientId").GetString());
        Assert.Equal("/127.0.0.1", describedMember.GetProperty("clientHost").GetString());
        var assignment = describedMember.GetProperty("assignment");
        var assigned = default(JsonElement);
        Assert.True(assignment.ValueKind == JsonValueKind.Object && assignment.TryGetProperty(groupTopic, out assigned), $"described member: {describedMember}");
        Assert.Equal([0, 1], Partitions(assigned));

        var groupOffsets = Assert.Single(result.GetProperty("groupOffsets").EnumerateArray());
        Assert.Equal(groupTopic, groupOffsets.GetProperty("topic").GetString());
        Assert.Equal(
            [(0, "2"), (1, "1")],
            groupOffsets.GetProperty("partitions").EnumerateArray().Select(p => (p.GetProperty("partition").GetInt32(), p.GetProperty("offset").GetString())).OrderBy(p => p.Item1));

        Assert.False(result.GetProperty("listedAfterDelete").GetBoolean());
        using var admin = KafkaClients.Admin(_bootstrap);
        Assert.DoesNotContain(topic, admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic));
    }

    private static async Task<JsonElement> RunScriptAsync(string script, string[] arguments)
    {
        var output = await PeerTools.RunNodeAsync(
            Path.Combine(AppContext.BaseDirectory, "Peers", script), arguments, Deadline, TestContext.Current.CancellationToken);

        // The script prints its result as one line of JSON; kafkajs log lines never start with '{'.
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"{script} printed no JSON result. Output:\n{output}");
        using var json = JsonDocument.Parse(line);
        return json.RootElement.Clone();
    }

    private static void AssertPartitionsLedByThisBroker(JsonElement topics, string topic, int count)
    {
        var metadata = Assert.Single(topics.EnumerateArray());
        Assert.Equal(topic, metadata.GetProperty("name").GetString());
        var partitions = metadata.GetProperty("partitions").EnumerateArray().OrderBy(p => p.GetProperty("partitionId").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(0, count), partitions.Select(p => p.GetProperty("partitionId").GetInt32()));
        Assert.All(partitions, p =>
        {
            Assert.Equal(0, p.GetProperty("partitionErrorCode").GetInt32());
            Assert.Equal(1, p.GetProperty("leader").GetInt32());
            Assert.Equal([1], Partitions(p.GetProperty("replicas")));
            Assert.Equal([1], Partitions(p.GetProperty("isr")));
        });
    }

    private static void AssertConfig(JsonElement configs, string name, string value, bool isDefault, int source)
    {
        Assert.True(configs.GetProperty("entries").TryGetProperty(name, out var entry), $"{name} is missing from {configs}");
        Assert.Equal(value, entry.GetProperty("value").GetString());
        Assert.Equal(isDefault, entry.GetProperty("isDefault").GetBoolean());
        Assert.Equal(source, entry.GetProperty("source").GetInt32());
        Assert.False(entry.GetProperty("readOnly").GetBoolean());
    }

    private static List<int> Partitions(JsonElement array) => [.. array.EnumerateArray().Select(p => p.GetInt32())];

    private static List<(string Value, int Partition)> Received(JsonElement array) =>
        [.. array.EnumerateArray().Select(m => (m.GetProperty("value").GetString()!, m.GetProperty("partition").GetInt32()))];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
