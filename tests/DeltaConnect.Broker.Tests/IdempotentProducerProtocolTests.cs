using DeltaConnect.Protocol.Messages;
using DeltaConnect.Testing.Kafka;

namespace DeltaConnect.Broker.Tests;

/// <summary>
/// Idempotent-producer semantics checked with exact requests: retries are acknowledged with the original offset
/// and not written twice, gaps are OUT_OF_ORDER_SEQUENCE_NUMBER, older epochs are INVALID_PRODUCER_EPOCH, and the
/// state survives a restart.
/// </summary>
public sealed class IdempotentProducerProtocolTests
{
    [Fact]
    public async Task Retried_out_of_order_and_fenced_batches_get_Kafka_semantics_across_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync();
        var topic = KafkaClients.TopicName("idem-raw");
        await KafkaClients.CreateTopicAsync(host.BootstrapServers, topic);

        await using (var connection = await RawKafkaConnection.ConnectAsync(host.Port, ct))
        {
            var (initError, producerId, epoch) = RawRequests.ReadInitProducerId(await connection.RequestAsync(ApiKey.InitProducerId, 3, RawRequests.InitProducerId(), ct));
            Assert.Equal(ErrorCode.None, initError);
            Assert.Equal(0, epoch);

            async Task<(ErrorCode Error, long Offset)> ProduceAsync(short e, int sequence, int records) =>
                RawRequests.ReadProduce(await connection.RequestAsync(
                    ApiKey.Produce, 3, RawRequests.Produce(topic, 0, RawRequests.Batch([.. Enumerable.Range(0, records).Select(i => ($"k{i}", (string?)$"s{sequence + i}"))], producerId, e, sequence)), ct));

            Assert.Equal((ErrorCode.None, 0L), await ProduceAsync(0, 0, 3));
            Assert.Equal((ErrorCode.None, 0L), await ProduceAsync(0, 0, 3));       // retry: same offset, not written again
            Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, (await ProduceAsync(0, 10, 1)).Error);
            Assert.Equal((ErrorCode.None, 3L), await ProduceAsync(0, 3, 2));

            var (bumpError, bumpedId, bumpedEpoch) = RawRequests.ReadInitProducerId(await connection.RequestAsync(ApiKey.InitProducerId, 3, RawRequests.InitProducerId(producerId, 0), ct));
            Assert.Equal((ErrorCode.None, producerId, (short)1), (bumpError, bumpedId, bumpedEpoch));
            Assert.Equal((ErrorCode.None, 5L), await ProduceAsync(1, 0, 1));
            Assert.Equal(ErrorCode.InvalidProducerEpoch, (await ProduceAsync(0, 5, 1)).Error);
            Assert.Equal(6, RawRequests.ReadLatestOffset(await connection.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0), ct)));
        }

        await host.RestartAsync();

        await using (var connection = await RawKafkaConnection.ConnectAsync(host.Port, ct))
        {
            var (_, producerId, _) = RawRequests.ReadInitProducerId(await connection.RequestAsync(ApiKey.InitProducerId, 3, RawRequests.InitProducerId(), ct));
            Assert.NotEqual(0L, producerId);
        }

        var values = KafkaClients.ReadAll(host.BootstrapServers, topic).Select(r => r.Message.Value).ToList();
        Assert.Equal(["s0", "s1", "s2", "s3", "s4", "s0"], values);
    }

    [Fact]
    public async Task A_retry_after_a_restart_is_still_recognised_as_a_duplicate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync();
        var topic = KafkaClients.TopicName("idem-restart");
        await KafkaClients.CreateTopicAsync(host.BootstrapServers, topic);
        long producerId;
        var batch = RawRequests.Batch([("k", "once")], producerId: 4242, epoch: 0, baseSequence: 0);
        await using (var connection = await RawKafkaConnection.ConnectAsync(host.Port, ct))
        {
            producerId = 4242;
            Assert.Equal((ErrorCode.None, 0L), RawRequests.ReadProduce(await connection.RequestAsync(ApiKey.Produce, 3, RawRequests.Produce(topic, 0, batch), ct)));
        }

        await host.RestartAsync();

        await using (var connection = await RawKafkaConnection.ConnectAsync(host.Port, ct))
        {
            var retry = RawRequests.Batch([("k", "once")], producerId, 0, 0);
            Assert.Equal((ErrorCode.None, 0L), RawRequests.ReadProduce(await connection.RequestAsync(ApiKey.Produce, 3, RawRequests.Produce(topic, 0, retry), ct)));
            Assert.Equal(1, RawRequests.ReadLatestOffset(await connection.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0), ct)));
        }
    }
}
