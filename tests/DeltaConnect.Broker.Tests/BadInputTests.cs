using System.Buffers.Binary;
using Confluent.Kafka;
using DeltaConnect.Protocol.Messages;
using ErrorCode = DeltaConnect.Protocol.Messages.ErrorCode;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Broker.Tests;

/// <summary>
/// Garbage on the wire gets that client an error or a disconnect; the broker keeps serving everyone else and loses
/// nothing it had acknowledged.
/// </summary>
public sealed class BadInputTests(BrokerFixture broker)
{
    private static readonly TimeSpan CloseWithin = TimeSpan.FromSeconds(10);
    private readonly int _port = broker.Host.Port;

    public static TheoryData<string, byte[]> Garbage()
    {
        var data = new TheoryData<string, byte[]>
        {
            { "frame larger than socket.request.max.bytes", SizePrefix(int.MaxValue, 16) },
            { "negative frame size", SizePrefix(-5, 16) },
            { "unknown API key", RawKafkaConnection.Frame((ApiKey)999, 0, 1, _ => { }) },
            { "unsupported version of a known API", RawKafkaConnection.Frame(ApiKey.Produce, 99, 1, _ => { }) },
            { "Produce v2: advertised for librdkafka's sake but refused", RawKafkaConnection.Frame(ApiKey.Produce, 2, 1, _ => { }) },
            { "header cut short", SizePrefix(3, 3) },
            { "array length beyond the frame", RawKafkaConnection.Frame(ApiKey.Metadata, 1, 1, w => w.WriteInt32(100_000)) },
            { "string length beyond the frame", RawKafkaConnection.Frame(ApiKey.FindCoordinator, 0, 1, w => w.WriteInt16(5000)) },
            { "flexible string with an absurd varint length", RawKafkaConnection.Frame(ApiKey.Metadata, 12, 1, w => w.WriteRaw([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])) },
        };
        var random = new Random(20261123);
        for (var i = 0; i < 5; i++)
        {
            var body = new byte[random.Next(1, 200)];
            random.NextBytes(body);
            body[0] = 0x7F; // an API key that does not exist, so the body is never valid
            var frame = new byte[body.Length + 4];
            BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
            body.CopyTo(frame, 4);
            data.Add($"random bytes #{i}", frame);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_closes_that_connection_and_the_broker_keeps_serving(string description, byte[] bytes)
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = KafkaClients.TopicName("survivor");
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic);
        using var producer = KafkaClients.Producer(broker.BootstrapServers);
        var before = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "before" }, ct);

        await using (var bad = await RawKafkaConnection.ConnectAsync(_port, ct))
        {
            await bad.SendAsync(bytes, ct);
            Assert.True(await bad.IsClosedByBrokerAsync(CloseWithin, ct), $"the broker should close the connection after: {description}");
        }

        var after = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "after" }, ct);
        Assert.Equal(before.Offset.Value + 1, after.Offset.Value);
        Assert.Equal(["before", "after"], KafkaClients.ReadAll(broker.BootstrapServers, topic).Select(r => r.Message.Value));
    }

    [Fact]
    public async Task Truncated_frame_followed_by_end_of_stream_is_dropped_without_harm()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var bad = await RawKafkaConnection.ConnectAsync(_port, ct))
        {
            var frame = RawKafkaConnection.Frame(ApiKey.Metadata, 1, 1, w => w.WriteArrayLength(-1));
            await bad.SendAsync(frame.AsMemory(0, frame.Length - 2), ct);
            bad.ShutdownSend();
            Assert.True(await bad.IsClosedByBrokerAsync(CloseWithin, ct));
        }

        await using var good = await RawKafkaConnection.ConnectAsync(_port, ct);
        var reader = await good.RequestAsync(ApiKey.Metadata, 1, w => w.WriteArrayLength(-1), ct);
        Assert.Equal(1, reader.ReadInt32("brokers"));
    }

    [Fact]
    public async Task ApiVersions_of_a_future_version_is_answered_with_UNSUPPORTED_VERSION_and_the_supported_list()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await RawKafkaConnection.ConnectAsync(_port, ct);
        await connection.SendAsync(RawKafkaConnection.Frame(ApiKey.ApiVersions, 99, 7, _ => { }), ct);
        var frame = await connection.ReadFrameAsync(ct);

        Assert.NotNull(frame);
        var reader = new DeltaConnect.Protocol.Primitives.ProtocolReader(frame);
        Assert.Equal(7, reader.ReadInt32("correlation_id"));
        Assert.Equal(ErrorCode.UnsupportedVersion, (ErrorCode)reader.ReadInt16("error_code"));
        var count = reader.ReadInt32("api_keys");
        var keys = new List<ApiKey>();
        for (var i = 0; i < count; i++)
        {
            keys.Add((ApiKey)reader.ReadInt16("key"));
            reader.ReadInt16("min_version");
            reader.ReadInt16("max_version");
        }

        Assert.Contains(ApiKey.Produce, keys);
        Assert.Contains(ApiKey.ApiVersions, keys);
    }

    [Fact]
    public async Task A_batch_with_a_bad_CRC_is_rejected_as_CORRUPT_MESSAGE_and_nothing_is_appended()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = KafkaClients.TopicName("crc");
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic);
        var batch = RawRequests.Batch([("k", "v")]);
        batch[^1] ^= 0xFF;

        await using var connection = await RawKafkaConnection.ConnectAsync(_port, ct);
        var (error, _) = RawRequests.ReadProduce(await connection.RequestAsync(ApiKey.Produce, 3, RawRequests.Produce(topic, 0, batch), ct));
        var latest = RawRequests.ReadLatestOffset(await connection.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0), ct));

        Assert.Equal(ErrorCode.CorruptMessage, error);
        Assert.Equal(0, latest);
    }

    [Fact]
    public async Task Mutated_requests_never_take_the_broker_down()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = KafkaClients.TopicName("fuzz");
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic);
        using var producer = KafkaClients.Producer(broker.BootstrapServers);
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "kept" }, ct);

        byte[][] valid =
        [
            RawKafkaConnection.Frame(ApiKey.Metadata, 12, 1, w => { w.WriteArrayLength(-1); w.WriteBoolean(true); w.WriteBoolean(false); w.WriteEmptyTaggedFields(); }),
            RawKafkaConnection.Frame(ApiKey.Produce, 3, 1, RawRequests.Produce(topic, 0, RawRequests.Batch([("k", "fuzz")]))),
            RawKafkaConnection.Frame(ApiKey.ListOffsets, 1, 1, RawRequests.LatestOffset(topic, 0)),
            RawKafkaConnection.Frame(ApiKey.FindCoordinator, 1, 1, w => { w.WriteString("g"); w.WriteInt8(0); }),
        ];
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var frame = (byte[])valid[i % valid.Length].Clone();
            var flips = random.Next(1, 6);
            for (var f = 0; f < flips; f++)
            {
                var position = random.Next(4, frame.Length);
                frame[position] = (byte)random.Next(256);
            }

            await using var connection = await RawKafkaConnection.ConnectAsync(_port, ct);
            await connection.SendAsync(frame, ct);
            connection.ShutdownSend();
            await connection.IsClosedByBrokerAsync(CloseWithin, ct);
        }

        var records = KafkaClients.ReadAll(broker.BootstrapServers, topic);
        Assert.Equal("kept", records[0].Message.Value);
        Assert.All(records.Skip(1), r => Assert.Equal("fuzz", r.Message.Value));
        var next = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "still works" }, ct);
        Assert.Equal(records[^1].Offset.Value + 1, next.Offset.Value);
    }

    private static byte[] SizePrefix(int size, int bodyBytes)
    {
        var frame = new byte[4 + bodyBytes];
        BinaryPrimitives.WriteInt32BigEndian(frame, size);
        return frame;
    }
}
