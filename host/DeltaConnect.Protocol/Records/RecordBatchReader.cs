using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Records;

/// <summary>Decodes the records of a v2 batch, decompressing them first when the batch is compressed.</summary>
public static class RecordBatchReader
{
    /// <summary>
    /// Returns the records of <paramref name="batch"/> (one whole batch). Compressed records are decompressed
    /// into <paramref name="scratch"/>, which must stay alive (and unmodified) while the records are used.
    /// </summary>
    public static List<Record> ReadRecords(ReadOnlyMemory<byte> batch, PooledBufferWriter scratch)
    {
        var header = RecordBatchHeader.Read(batch.Span);
        var body = batch[RecordBatchHeader.Size..];
        if (header.Compression != CompressionType.None)
        {
            var start = scratch.WrittenCount;
            Compression.Decompress(header.Compression, body.Span, scratch);
            body = scratch.WrittenMemory[start..];
        }

        // Every record takes at least one byte: the count alone must not size the list (it may be corrupt).
        var records = new List<Record>(Math.Min(header.RecordCount, body.Length));
        var reader = new ProtocolReader(body);
        for (var i = 0; i < header.RecordCount; i++)
        {
            var length = reader.ReadVarInt("record length");
            var end = reader.Position + length;
            if (length < 0 || length > reader.Remaining)
            {
                throw new ProtocolException($"Record {i} of the batch at offset {header.BaseOffset} claims {length} bytes but {reader.Remaining} remain.");
            }

            reader.ReadInt8("record attributes");
            var timestampDelta = reader.ReadVarLong("record timestamp delta");
            var offsetDelta = reader.ReadVarInt("record offset delta");
            var key = ReadVarBytes(ref reader, body, "record key");
            var value = ReadVarBytes(ref reader, body, "record value");
            var headerCount = reader.ReadVarInt("record header count");
            if (headerCount < 0 || headerCount > reader.Remaining)
            {
                throw new ProtocolException($"Record {i} of the batch at offset {header.BaseOffset} has invalid header count {headerCount}.");
            }

            IReadOnlyList<RecordHeader> headers = [];
            if (headerCount > 0)
            {
                var list = new RecordHeader[headerCount];
                for (var h = 0; h < headerCount; h++)
                {
                    var keyBytes = ReadVarBytes(ref reader, body, "record header key")
                        ?? throw new ProtocolException($"Record {i} of the batch at offset {header.BaseOffset} has a header with a null key.");
                    list[h] = new RecordHeader(System.Text.Encoding.UTF8.GetString(keyBytes.Span), ReadVarBytes(ref reader, body, "record header value"));
                }

                headers = list;
            }

            if (reader.Position != end)
            {
                throw new ProtocolException($"Record {i} of the batch at offset {header.BaseOffset} has {end - reader.Position} byte(s) unaccounted for by its fields.");
            }

            var timestamp = header.IsLogAppendTime ? header.MaxTimestamp : header.BaseTimestamp + timestampDelta;
            records.Add(new Record(header.BaseOffset + offsetDelta, timestamp, key, value, headers));
        }

        return records;
    }

    private static ReadOnlyMemory<byte>? ReadVarBytes(ref ProtocolReader reader, ReadOnlyMemory<byte> body, string field)
    {
        var length = reader.ReadVarInt(field);
        if (length < 0)
        {
            return null;
        }

        var start = reader.Position;
        reader.Take(length, field);
        return body.Slice(start, length);
    }
}
