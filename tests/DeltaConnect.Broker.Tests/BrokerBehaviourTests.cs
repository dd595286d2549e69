using Confluent.Kafka;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Testing.Kafka;
using ErrorCode = DeltaConnect.Protocol.Messages.ErrorCode;

namespace DeltaConnect.Broker.Tests;

/// <summary>Smaller broker behaviours: acks=0, topic auto-creation, DescribeCluster, LogAppendTime.</summary>
public sealed class BrokerBehaviourTests(BrokerFixture broker)
{
    [Fact]
    public async Task Acks_zero_produce_gets_no_response_but_the_records_are_written()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = KafkaClients.TopicName("acks0");
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic);
        await using var connection = await RawKafkaConnection.ConnectAsync(broker.Host.Port, ct);

        await connection.SendAsync(RawKafkaConnection.Frame(ApiKey.Produce, 3, 41, RawRequests.Produce(topic, 0, RawRequests.Batch([("k", "fire-and-forget")]), acks: 0)), ct);
        var latest = RawRequests.ReadLatestOffset(await connection.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0), ct));

        // The next frame on the connection answers ListOffsets (correlation checked inside RequestAsync), not the produce.
        Assert.Equal(1, latest);
        Assert.Equal("fire-and-forget", Assert.Single(KafkaClients.ReadAll(broker.BootstrapServers, topic)).Message.Value);
    }

    [Fact]
    public async Task DescribeCluster_reports_this_broker_as_the_only_node_and_the_controller()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await RawKafkaConnection.ConnectAsync(broker.Host.Port, ct);
        var reader = await connection.RequestAsync(ApiKey.DescribeCluster, 1, w =>
        {
            w.WriteBoolean(false);
            w.WriteInt8(1);
            w.WriteEmptyTaggedFields();
        }, ct);

        reader.ReadInt32("throttle_time_ms");
        Assert.Equal(ErrorCode.None, (ErrorCode)reader.ReadInt16("error_code"));
        Assert.Null(reader.ReadNullableString("error_message"));
        Assert.Equal(1, reader.ReadInt8("endpoint_type"));
        Assert.Equal(broker.Host.Broker.ClusterId, reader.ReadString("cluster_id"));
        Assert.Equal(1, reader.ReadInt32("controller_id"));
        Assert.Equal(1, reader.ReadArrayLength("brokers"));
        Assert.Equal(1, reader.ReadInt32("broker_id"));
        Assert.Equal("127.0.0.1", reader.ReadString("host"));
        Assert.Equal(broker.Host.Port, reader.ReadInt32("port"));
    }

    [Fact]
    public async Task Topics_are_auto_created_on_metadata_requests_only_when_enabled()
    {
        var topic = KafkaClients.TopicName("auto");
        using (var producer = KafkaClients.Producer(broker.BootstrapServers))
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "created on demand" }, TestContext.Current.CancellationToken);
        }

        Assert.Equal("created on demand", Assert.Single(KafkaClients.ReadAll(broker.BootstrapServers, topic)).Message.Value);

        await using var strict = await BrokerHost.StartAsync(o => o with { AutoCreateTopics = false });
        using var admin = KafkaClients.Admin(strict.BootstrapServers);
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        Assert.Equal(Confluent.Kafka.ErrorCode.UnknownTopicOrPart, metadata.Error.Code);
        Assert.DoesNotContain(topic, admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic));
    }

    [Fact]
    public async Task LogAppendTime_topics_stamp_records_with_the_broker_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = KafkaClients.TopicName("append-time");
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, configs: new() { ["message.timestamp.type"] = "LogAppendTime" });
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var producer = KafkaClients.Producer(broker.BootstrapServers))
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v", Timestamp = new Timestamp(1000, TimestampType.CreateTime) }, ct);
        }

        var record = Assert.Single(KafkaClients.ReadAll(broker.BootstrapServers, topic));
        Assert.Equal(TimestampType.LogAppendTime, record.Message.Timestamp.Type);
        Assert.InRange(record.Message.Timestamp.UnixTimestampMs, before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000);
    }
}
