using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Record = DeltaConnect.Protocol.Records.Record;

namespace DeltaConnect.Broker.Tests;

/// <summary>Request bodies and response decoding for the raw-protocol tests (non-flexible versions).</summary>
internal static class RawRequests
{
    public static byte[] Batch(IReadOnlyList<(string Key, string? Value)> records, long producerId = -1, short epoch = -1, int baseSequence = -1)
    {
        using var buffer = new PooledBufferWriter();
        RecordBatchBuilder.Write(
            buffer,
            [.. records.Select((r, i) => new Record(i, 1_700_000_000_000, System.Text.Encoding.UTF8.GetBytes(r.Key), r.Value is null ? null : System.Text.Encoding.UTF8.GetBytes(r.Value), []))],
            new RecordBatchOptions { BaseOffset = 0, ProducerId = producerId, ProducerEpoch = epoch, BaseSequence = baseSequence });
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Produce v3 body for one partition.</summary>
    public static Action<ProtocolWriter> Produce(string topic, int partition, byte[] records, short acks = -1) => w =>
    {
        w.WriteString(null);
        w.WriteInt16(acks);
        w.WriteInt32(30_000);
        w.WriteArrayLength(1);
        w.WriteString(topic);
        w.WriteArrayLength(1);
        w.WriteInt32(partition);
        w.WriteBytes(records);
    };

    /// <summary>Reads a Produce v3 response for one partition: (error, base offset).</summary>
    public static (ErrorCode Error, long BaseOffset) ReadProduce(ProtocolReader r)
    {
        r.ReadArrayLength("topics");
        r.ReadString("name");
        r.ReadArrayLength("partitions");
        r.ReadInt32("index");
        var error = (ErrorCode)r.ReadInt16("error_code");
        var baseOffset = r.ReadInt64("base_offset");
        return (error, baseOffset);
    }

    /// <summary>InitProducerId v3 body (v3 carries the current id and epoch, for an epoch bump).</summary>
    public static Action<ProtocolWriter> InitProducerId(long producerId = -1, short epoch = -1) => w =>
    {
        w.WriteString(null);
        w.WriteInt32(60_000);
        w.WriteInt64(producerId);
        w.WriteInt16(epoch);
        w.WriteEmptyTaggedFields();
    };

    public static (ErrorCode Error, long ProducerId, short Epoch) ReadInitProducerId(ProtocolReader r)
    {
        r.ReadInt32("throttle_time_ms");
        return ((ErrorCode)r.ReadInt16("error_code"), r.ReadInt64("producer_id"), r.ReadInt16("producer_epoch"));
    }

    /// <summary>ListOffsets v1 body asking for the latest offset of one partition.</summary>
    public static Action<ProtocolWriter> LatestOffset(string topic, int partition) => w =>
    {
        w.WriteInt32(-1);
        w.WriteArrayLength(1);
        w.WriteString(topic);
        w.WriteArrayLength(1);
        w.WriteInt32(partition);
        w.WriteInt64(-1);
    };

    public static long ReadLatestOffset(ProtocolReader r)
    {
        r.ReadArrayLength("topics");
        r.ReadString("name");
        r.ReadArrayLength("partitions");
        r.ReadInt32("partition");
        Assert.Equal(ErrorCode.None, (ErrorCode)r.ReadInt16("error_code"));
        r.ReadInt64("timestamp");
        return r.ReadInt64("offset");
    }
}
