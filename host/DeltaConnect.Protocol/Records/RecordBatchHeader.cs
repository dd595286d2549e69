using System.Buffers.Binary;
using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Records;

/// <summary>
/// The fixed 61-byte header of a record batch v2 (magic 2). Offsets are in bytes from the start of the batch.
/// The CRC-32C covers everything from <see cref="AttributesOffset"/> to the end of the batch, so the broker may
/// rewrite the base offset and partition leader epoch without recomputing it.
/// </summary>
public readonly record struct RecordBatchHeader(
    long BaseOffset,
    int BatchLength,
    int PartitionLeaderEpoch,
    sbyte Magic,
    uint Crc,
    short Attributes,
    int LastOffsetDelta,
    long BaseTimestamp,
    long MaxTimestamp,
    long ProducerId,
    short ProducerEpoch,
    int BaseSequence,
    int RecordCount)
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 61;

    /// <summary>Bytes before the batch length field's payload: base offset (8) and batch length (4).</summary>
    public const int LogOverhead = 12;

    /// <summary>Offset of the partition leader epoch.</summary>
    public const int PartitionLeaderEpochOffset = 12;

    /// <summary>Offset of the magic byte.</summary>
    public const int MagicOffset = 16;

    /// <summary>Offset of the CRC.</summary>
    public const int CrcOffset = 17;

    /// <summary>Offset of the attributes; the CRC covers the batch from here on.</summary>
    public const int AttributesOffset = 21;

    /// <summary>Offset of the max timestamp.</summary>
    public const int MaxTimestampOffset = 35;

    /// <summary>Offset of the record count.</summary>
    public const int RecordCountOffset = 57;

    /// <summary>Producer id of batches written without an idempotent producer.</summary>
    public const long NoProducerId = -1;

    /// <summary>The batch's total size in bytes, header included.</summary>
    public int TotalSize => BatchLength + LogOverhead;

    /// <summary>Offset of the last record in the batch.</summary>
    public long LastOffset => BaseOffset + LastOffsetDelta;

    /// <summary>The codec of the records section.</summary>
    public CompressionType Compression => (CompressionType)(Attributes & 0x07);

    /// <summary>True when timestamps are LogAppendTime (set by the broker) rather than CreateTime.</summary>
    public bool IsLogAppendTime => (Attributes & 0x08) != 0;

    /// <summary>True when the batch belongs to a transaction.</summary>
    public bool IsTransactional => (Attributes & 0x10) != 0;

    /// <summary>True for control batches (transaction markers).</summary>
    public bool IsControl => (Attributes & 0x20) != 0;

    /// <summary>True when the batch carries a producer id (idempotent or transactional producer).</summary>
    public bool HasProducerId => ProducerId >= 0;

    /// <summary>Sequence number of the last record (wrapping at int.MaxValue as Kafka does).</summary>
    public int LastSequence => BaseSequence < 0 ? -1 : (int)((BaseSequence + (long)LastOffsetDelta) % ((long)int.MaxValue + 1));

    /// <summary>Parses the header at the start of <paramref name="batch"/> (which must hold at least <see cref="Size"/> bytes).</summary>
    public static RecordBatchHeader Read(ReadOnlySpan<byte> batch) => new(
        BinaryPrimitives.ReadInt64BigEndian(batch),
        BinaryPrimitives.ReadInt32BigEndian(batch[8..]),
        BinaryPrimitives.ReadInt32BigEndian(batch[12..]),
        (sbyte)batch[16],
        BinaryPrimitives.ReadUInt32BigEndian(batch[17..]),
        BinaryPrimitives.ReadInt16BigEndian(batch[21..]),
        BinaryPrimitives.ReadInt32BigEndian(batch[23..]),
        BinaryPrimitives.ReadInt64BigEndian(batch[27..]),
        BinaryPrimitives.ReadInt64BigEndian(batch[35..]),
        BinaryPrimitives.ReadInt64BigEndian(batch[43..]),
        BinaryPrimitives.ReadInt16BigEndian(batch[51..]),
        BinaryPrimitives.ReadInt32BigEndian(batch[53..]),
        BinaryPrimitives.ReadInt32BigEndian(batch[57..]));

    /// <summary>
    /// Checks that <paramref name="batch"/> (exactly one batch) is a well-formed v2 batch whose CRC matches.
    /// Throws a <see cref="ProtocolException"/> that says what is wrong.
    /// </summary>
    public static RecordBatchHeader ReadValidated(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < Size)
        {
            throw new ProtocolException($"Record batch of {batch.Length} bytes is shorter than the {Size}-byte v2 header.");
        }

        var header = Read(batch);
        if (header.Magic != 2)
        {
            throw new ProtocolException($"Record batch has magic {header.Magic}; only record batch v2 (magic 2, Kafka 0.11+ clients) is supported.");
        }

        if (header.TotalSize != batch.Length)
        {
            throw new ProtocolException($"Record batch length field says {header.TotalSize} bytes but the batch holds {batch.Length}.");
        }

        if (header.RecordCount < 0 || header.LastOffsetDelta < 0)
        {
            throw new ProtocolException($"Record batch has record count {header.RecordCount} and last offset delta {header.LastOffsetDelta}; both must be non-negative.");
        }

        var crc = Crc32C.Compute(batch[AttributesOffset..]);
        if (crc != header.Crc)
        {
            throw new ProtocolException($"Record batch CRC-32C is 0x{header.Crc:x8} but the content hashes to 0x{crc:x8} (corrupt batch).");
        }

        return header;
    }

    /// <summary>Rewrites the base offset of a batch in place.</summary>
    public static void WriteBaseOffset(Span<byte> batch, long baseOffset) => BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);

    /// <summary>Rewrites the partition leader epoch of a batch in place.</summary>
    public static void WritePartitionLeaderEpoch(Span<byte> batch, int epoch) =>
        BinaryPrimitives.WriteInt32BigEndian(batch[PartitionLeaderEpochOffset..], epoch);
}
