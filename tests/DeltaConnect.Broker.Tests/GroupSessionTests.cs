using Confluent.Kafka;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Testing.Fixtures;
using ErrorCode = DeltaConnect.Protocol.Messages.ErrorCode;

namespace DeltaConnect.Broker.Tests;

/// <summary>Group membership that ends without LeaveGroup: the session timeout removes the silent member.</summary>
public sealed class GroupSessionTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_member_that_stops_heartbeating_is_removed_after_its_session_timeout_and_the_group_rebalances()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = KafkaClients.TopicName("session");
        var group = KafkaClients.TopicName("session-group");
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, partitions: 2);

        using var consumer = KafkaClients.Consumer(broker.BootstrapServers, group);
        consumer.Subscribe(topic);
        await KafkaClients.PollUntilAsync([consumer], () => consumer.Assignment.Count == 2, "the consumer owns both partitions", ct);

        // A raw member joins with a 1.5 s session, takes part in one rebalance, then goes silent (no LeaveGroup).
        await using var silent = await RawKafkaConnection.ConnectAsync(broker.Host.Port, ct);
        var join = JoinAsync(silent, group, topic, sessionTimeoutMs: 1500, rebalanceTimeoutMs: 10_000, ct);
        await KafkaClients.PollUntilAsync([consumer], () => join.IsCompleted, "the raw member's join completes", ct);
        var reader = await join;
        Assert.Equal(ErrorCode.None, (ErrorCode)reader.ReadInt16("error_code"));
        var generation = reader.ReadInt32("generation_id");
        reader.ReadString("protocol_name");
        reader.ReadString("leader");
        var memberId = reader.ReadString("member_id");
        var sync = silent.RequestAsync(ApiKey.SyncGroup, 0, w =>
        {
            w.WriteString(group);
            w.WriteInt32(generation);
            w.WriteString(memberId);
            w.WriteArrayLength(0);
        }, ct);
        await KafkaClients.PollUntilAsync([consumer], () => consumer.Assignment.Count == 1 && sync.IsCompleted, "the raw member holds one partition", ct);

        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        var members = (await admin.DescribeConsumerGroupsAsync([group])).ConsumerGroupDescriptions.Single().Members;
        Assert.Contains(members, m => m.ConsumerId == memberId);

        // Silence: after the session timeout the broker removes it and the live consumer gets both partitions back.
        await KafkaClients.PollUntilAsync([consumer], () => consumer.Assignment.Count == 2, "the silent member's partition comes back after its session timeout", ct);
        members = (await admin.DescribeConsumerGroupsAsync([group])).ConsumerGroupDescriptions.Single().Members;
        Assert.DoesNotContain(members, m => m.ConsumerId == memberId);
    }

    [Fact]
    public async Task A_member_that_does_not_rejoin_within_its_rebalance_timeout_is_dropped_from_the_new_generation()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = KafkaClients.TopicName("rebalance-timeout");
        var group = KafkaClients.TopicName("rebalance-group");
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, partitions: 2);

        // A raw member with a long session (60 s) but a short rebalance timeout (2 s) forms the group alone.
        await using var stubborn = await RawKafkaConnection.ConnectAsync(broker.Host.Port, ct);
        var reader = await JoinAsync(stubborn, group, topic, sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 2_000, ct);
        Assert.Equal(ErrorCode.None, (ErrorCode)reader.ReadInt16("error_code"));
        var generation = reader.ReadInt32("generation_id");
        reader.ReadString("protocol_name");
        reader.ReadString("leader");
        var memberId = reader.ReadString("member_id");
        await stubborn.RequestAsync(ApiKey.SyncGroup, 0, w =>
        {
            w.WriteString(group);
            w.WriteInt32(generation);
            w.WriteString(memberId);
            w.WriteArrayLength(0);
        }, ct);

        // A consumer joins; the raw member never rejoins. Its session is far from expiring, but the rebalance
        // deadline passes and the new generation forms without it. The group's rebalance timeout is the largest
        // of its members' (librdkafka uses max.poll.interval.ms, 300 s by default), so keep the consumer's short.
        using var consumer = KafkaClients.Consumer(broker.BootstrapServers, group, c => c.MaxPollIntervalMs = 6000);
        consumer.Subscribe(topic);
        await KafkaClients.PollUntilAsync([consumer], () => consumer.Assignment.Count == 2, "the consumer owns both partitions without the member that did not rejoin", ct);

        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        var description = (await admin.DescribeConsumerGroupsAsync([group])).ConsumerGroupDescriptions.Single();
        Assert.Single(description.Members);
        Assert.DoesNotContain(description.Members, m => m.ConsumerId == memberId);
    }

    // JoinGroup v1 as a "consumer" member with the range assignor, without a member id.
    private static Task<DeltaConnect.Protocol.Primitives.ProtocolReader> JoinAsync(
        RawKafkaConnection connection, string group, string topic, int sessionTimeoutMs, int rebalanceTimeoutMs, CancellationToken cancellationToken) =>
        connection.RequestAsync(ApiKey.JoinGroup, 1, w =>
        {
            w.WriteString(group);
            w.WriteInt32(sessionTimeoutMs);
            w.WriteInt32(rebalanceTimeoutMs);
            w.WriteString("");
            w.WriteString("consumer");
            w.WriteArrayLength(1);
            w.WriteString("range");
            w.WriteBytes(ConsumerProtocolSubscription(topic));
        }, cancellationToken);

    // Kafka's ConsumerProtocolSubscription v0: version, topics, user data.
    private static byte[] ConsumerProtocolSubscription(string topic)
    {
        using var buffer = new DeltaConnect.Protocol.Primitives.PooledBufferWriter();
        var writer = new DeltaConnect.Protocol.Primitives.ProtocolWriter(buffer);
        writer.WriteInt16(0);
        writer.WriteArrayLength(1);
        writer.WriteString(topic);
        writer.WriteBytes([], isNull: true);
        return buffer.WrittenSpan.ToArray();
    }
}
