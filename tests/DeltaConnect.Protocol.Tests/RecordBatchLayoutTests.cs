using System.Buffers.Binary;
using System.Text;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Record = DeltaConnect.Protocol.Records.Record;

namespace DeltaConnect.Protocol.Tests;

/// <summary>
/// Compares <see cref="RecordBatchBuilder"/> output with batches assembled by hand from the record batch v2
/// layout of the Kafka protocol guide.
/// </summary>
public sealed class RecordBatchLayoutTests
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public void Single_record_batch_matches_the_hand_assembled_v2_layout_byte_for_byte()
    {
        // Record: length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
        // keyLength varint, key, valueLength varint, value, headerCount varint.
        var record = new Wire()
            .I8(0)                 // attributes
            .VarLong(0)            // timestampDelta
            .VarInt(0)             // offsetDelta
            .VarInt(1).Raw((byte)'k')
            .VarInt(1).Raw((byte)'v')
            .VarInt(0)             // headerCount
            .ToArray();
        var records = new Wire().VarInt(record.Length).Raw(record).ToArray();
        Assert.Equal("10" + "00" + "00" + "00" + "026B" + "0276" + "00", Codec.Hex(records));

        var expected = AssembleBatch(
            baseOffset: 5,
            partitionLeaderEpoch: 0,
            attributes: 0,
            lastOffsetDelta: 0,
            baseTimestamp: T0,
            maxTimestamp: T0,
            producerId: -1,
            producerEpoch: -1,
            baseSequence: -1,
            recordCount: 1,
            recordsSection: records);

        var actual = Build([new Record(5, T0, Utf8("k"), Utf8("v"), [])], new RecordBatchOptions());

        Assert.Equal(70, expected.Length);
        Assert.Equal(Codec.Hex(expected), Codec.Hex(actual));
    }

    [Fact]
    public void Batch_with_gaps_negative_timestamp_deltas_null_key_and_headers_matches_the_hand_assembled_layout()
    {
        var first = new Wire()
            .I8(0).VarLong(0).VarInt(0)
            .VarInt(1).Raw(Wire.Utf8("a"))
            .VarInt(2).Raw(Wire.Utf8("bc"))
            .VarInt(0)
            .ToArray();
        var second = new Wire()
            .I8(0).VarLong(-2).VarInt(3)
            .VarInt(-1)                       // null key
            .VarInt(0)                        // empty value
            .VarInt(2)
            .VarInt(2).Raw(Wire.Utf8("h1")).VarInt(1).Raw(Wire.Utf8("x"))
            .VarInt(2).Raw(Wire.Utf8("h2")).VarInt(-1)
            .ToArray();
        var records = new Wire().VarInt(first.Length).Raw(first).VarInt(second.Length).Raw(second).ToArray();
        var expected = AssembleBatch(
            baseOffset: 10,
            partitionLeaderEpoch: 9,
            attributes: 0,
            lastOffsetDelta: 3,
            baseTimestamp: T0,
            maxTimestamp: T0,
            producerId: 1000,
            producerEpoch: 2,
            baseSequence: 7,
            recordCount: 2,
            recordsSection: records);

        var actual = Build(
            [
                new Record(10, T0, Utf8("a"), Utf8("bc"), []),
                new Record(13, T0 - 2, null, Utf8(""), [new RecordHeader("h1", Utf8("x")), new RecordHeader("h2", null)]),
            ],
            new RecordBatchOptions { PartitionLeaderEpoch = 9, ProducerId = 1000, ProducerEpoch = 2, BaseSequence = 7 });

        Assert.Equal(Codec.Hex(expected), Codec.Hex(actual));
    }

    [Fact]
    public void Timestamp_deltas_beyond_the_int_range_are_varlongs()
    {
        // Forty days after the base timestamp: a delta of 3,456,000,000 ms does not fit an int32.
        const long later = T0 + 3_456_000_000;
        const long earlier = T0 - 3_456_000_000;
        var first = new Wire().I8(0).VarLong(0).VarInt(0).VarInt(-1).VarInt(1).Raw((byte)'a').VarInt(0).ToArray();
        var second = new Wire().I8(0).VarLong(3_456_000_000).VarInt(1).VarInt(-1).VarInt(1).Raw((byte)'b').VarInt(0).ToArray();
        var third = new Wire().I8(0).VarLong(-3_456_000_000).VarInt(2).VarInt(-1).VarInt(1).Raw((byte)'c').VarInt(0).ToArray();
        var records = new Wire()
            .VarInt(first.Length).Raw(first)
            .VarInt(second.Length).Raw(second)
            .VarInt(third.Length).Raw(third)
            .ToArray();
        var expected = AssembleBatch(0, 0, 0, 2, T0, later, -1, -1, -1, 3, records);
        Record[] input =
        [
            new(0, T0, null, Utf8("a"), []),
            new(1, later, null, Utf8("b"), []),
            new(2, earlier, null, Utf8("c"), []),
        ];

        var actual = Build(input, new RecordBatchOptions());
        using var scratch = new PooledBufferWriter();
        var read = RecordBatchReader.ReadRecords(actual, scratch);

        Assert.Equal(Codec.Hex(expected), Codec.Hex(actual));
        Assert.Equal([T0, later, earlier], read.Select(r => r.Timestamp));
    }

    [Fact]
    public void Header_fields_sit_at_the_documented_offsets()
    {
        var batch = Build(
            [new Record(100, T0, null, Utf8("v"), []), new Record(104, T0 + 9, null, Utf8("w"), [])],
            new RecordBatchOptions { PartitionLeaderEpoch = 6, ProducerId = 55, ProducerEpoch = 3, BaseSequence = 11, Compression = CompressionType.Gzip });
        var span = batch.AsSpan();

        Assert.Equal(100, BinaryPrimitives.ReadInt64BigEndian(span));
        Assert.Equal(batch.Length - 12, BinaryPrimitives.ReadInt32BigEndian(span[8..]));
        Assert.Equal(6, BinaryPrimitives.ReadInt32BigEndian(span[RecordBatchHeader.PartitionLeaderEpochOffset..]));
        Assert.Equal(2, span[RecordBatchHeader.MagicOffset]);
        Assert.Equal(ReferenceCrc32C.Compute(span[RecordBatchHeader.AttributesOffset..]), BinaryPrimitives.ReadUInt32BigEndian(span[RecordBatchHeader.CrcOffset..]));
        Assert.Equal(1, BinaryPrimitives.ReadInt16BigEndian(span[RecordBatchHeader.AttributesOffset..]));
        Assert.Equal(4, BinaryPrimitives.ReadInt32BigEndian(span[23..]));
        Assert.Equal(T0, BinaryPrimitives.ReadInt64BigEndian(span[27..]));
        Assert.Equal(T0 + 9, BinaryPrimitives.ReadInt64BigEndian(span[RecordBatchHeader.MaxTimestampOffset..]));
        Assert.Equal(55, BinaryPrimitives.ReadInt64BigEndian(span[43..]));
        Assert.Equal(3, BinaryPrimitives.ReadInt16BigEndian(span[51..]));
        Assert.Equal(11, BinaryPrimitives.ReadInt32BigEndian(span[53..]));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(span[RecordBatchHeader.RecordCountOffset..]));
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Compressed_batch_wraps_exactly_the_uncompressed_records_section(CompressionType compression)
    {
        Record[] records =
        [
            new(0, T0, Utf8("k"), Utf8("v"), []),
            new(1, T0 + 1, Utf8("k2"), Utf8("v2"), [new RecordHeader("h", Utf8("x"))]),
        ];
        var plain = Build(records, new RecordBatchOptions());
        var packed = Build(records, new RecordBatchOptions { Compression = compression });

        using var output = new PooledBufferWriter();
        Compression.Decompress(compression, packed.AsSpan(RecordBatchHeader.Size), output);

        Assert.Equal(Codec.Hex(plain.AsSpan(RecordBatchHeader.Size)), Codec.Hex(output.WrittenSpan));
        Assert.Equal((short)compression, BinaryPrimitives.ReadInt16BigEndian(packed.AsSpan(RecordBatchHeader.AttributesOffset)));

        // Apart from the length, CRC and attributes, the header is the same as the uncompressed batch's.
        Assert.Equal(Codec.Hex(plain.AsSpan(0, 8)), Codec.Hex(packed.AsSpan(0, 8)));
        Assert.Equal(Codec.Hex(plain.AsSpan(23, 38)), Codec.Hex(packed.AsSpan(23, 38)));
    }

    private static byte[] AssembleBatch(
        long baseOffset,
        int partitionLeaderEpoch,
        short attributes,
        int lastOffsetDelta,
        long baseTimestamp,
        long maxTimestamp,
        long producerId,
        short producerEpoch,
        int baseSequence,
        int recordCount,
        byte[] recordsSection)
    {
        // Everything the CRC covers: attributes to the end of the batch.
        var covered = new Wire()
            .I16(attributes)
            .I32(lastOffsetDelta)
            .I64(baseTimestamp)
            .I64(maxTimestamp)
            .I64(producerId)
            .I16(producerEpoch)
            .I32(baseSequence)
            .I32(recordCount)
            .Raw(recordsSection)
            .ToArray();
        var batchLength = 4 + 1 + 4 + covered.Length; // partitionLeaderEpoch + magic + crc + covered
        return new Wire()
            .I64(baseOffset)
            .I32(batchLength)
            .I32(partitionLeaderEpoch)
            .I8(2)
            .U32(ReferenceCrc32C.Compute(covered))
            .Raw(covered)
            .ToArray();
    }

    private static byte[] Build(IReadOnlyList<Record> records, RecordBatchOptions options)
    {
        using var output = new PooledBufferWriter();
        RecordBatchBuilder.Write(output, records, options);
        return output.WrittenSpan.ToArray();
    }

    private static ReadOnlyMemory<byte> Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
