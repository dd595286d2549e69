using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Records;

/// <summary>
/// Writes record batches v2: used by the broker where it writes records itself (compaction rewrites,
/// internal topics) and by tests that need exact bytes.
/// </summary>
public static class RecordBatchBuilder
{
    /// <summary>
    /// Appends one batch holding <paramref name="records"/> (absolute offsets and timestamps, ascending offsets)
    /// to <paramref name="output"/>. The base offset is <see cref="RecordBatchOptions.BaseOffset"/> when given,
    /// else the first record's offset; the last offset delta defaults to the last record's.
    /// </summary>
    public static void Write(PooledBufferWriter output, IReadOnlyList<Record> records, RecordBatchOptions options)
    {
        var baseOffset = options.BaseOffset ?? (records.Count > 0 ? records[0].Offset : 0);
        var baseTimestamp = options.BaseTimestamp ?? (records.Count > 0 ? records[0].Timestamp : -1);
        var maxTimestamp = -1L;
        foreach (var record in records)
        {
            maxTimestamp = Math.Max(maxTimestamp, record.Timestamp);
        }

        var lastOffsetDelta = options.LastOffsetDelta ?? (records.Count > 0 ? (int)(records[^1].Offset - baseOffset) : 0);

        using var body = new PooledBufferWriter();
        var bodyWriter = new ProtocolWriter(body);
        foreach (var record in records)
        {
            WriteRecord(bodyWriter, record, baseOffset, baseTimestamp);
        }

        var start = output.WrittenCount;
        var writer = new ProtocolWriter(output);
        writer.WriteInt64(baseOffset);
        var lengthPosition = writer.ReserveInt32();
        writer.WriteInt32(options.PartitionLeaderEpoch);
        writer.WriteInt8(2);
        var crcPosition = writer.ReserveInt32();
        var attributes = (short)((int)options.Compression | (options.LogAppendTime ? 0x08 : 0) | (options.Transactional ? 0x10 : 0) | (options.Control ? 0x20 : 0));
        writer.WriteInt16(attributes);
        writer.WriteInt32(lastOffsetDelta);
        writer.WriteInt64(baseTimestamp);
        writer.WriteInt64(options.MaxTimestamp ?? maxTimestamp);
        writer.WriteInt64(options.ProducerId);
        writer.WriteInt16(options.ProducerEpoch);
        writer.WriteInt32(options.BaseSequence);
        writer.WriteInt32(records.Count);
        Compression.Compress(options.Compression, body.WrittenSpan, output);

        var batchLength = output.WrittenCount - start;
        writer.PatchInt32(lengthPosition, batchLength - RecordBatchHeader.LogOverhead);
        var crc = Crc32C.Compute(output.WrittenSpan.Slice(start + RecordBatchHeader.AttributesOffset));
        writer.PatchInt32(crcPosition, unchecked((int)crc));
    }

    private static void WriteRecord(ProtocolWriter writer, in Record record, long baseOffset, long baseTimestamp)
    {
        using var recordBuffer = new PooledBufferWriter(256);
        var r = new ProtocolWriter(recordBuffer);
        r.WriteInt8(0);
        r.WriteVarLong(record.Timestamp - baseTimestamp);
        r.WriteVarInt((int)(record.Offset - baseOffset));
        WriteVarBytes(r, record.Key);
        WriteVarBytes(r, record.Value);
        r.WriteVarInt(record.Headers.Count);
        foreach (var header in record.Headers)
        {
            var key = System.Text.Encoding.UTF8.GetBytes(header.Key);
            r.WriteVarInt(key.Length);
            r.WriteRaw(key);
            WriteVarBytes(r, header.Value);
        }

        writer.WriteVarInt(recordBuffer.WrittenCount);
        writer.WriteRaw(recordBuffer.WrittenSpan);
    }

    private static void WriteVarBytes(ProtocolWriter writer, ReadOnlyMemory<byte>? value)
    {
        if (value is not { } bytes)
        {
            writer.WriteVarInt(-1);
            return;
        }

        writer.WriteVarInt(bytes.Length);
        writer.WriteRaw(bytes.Span);
    }
}
