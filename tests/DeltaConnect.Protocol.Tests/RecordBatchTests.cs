using System.Buffers.Binary;
using System.Text;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Record = DeltaConnect.Protocol.Records.Record;

namespace DeltaConnect.Protocol.Tests;

public sealed class RecordBatchTests
{
    private const long T0 = 1_700_000_000_000;

    public static TheoryData<CompressionType> AllTypes => new(Enum.GetValues<CompressionType>());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Batch_round_trips_keys_values_tombstones_headers_and_timestamps(CompressionType compression)
    {
        Record[] records =
        [
            new(100, T0, Bytes("key-1"), Bytes("value-1"), []),
            new(101, T0 + 5, null, Bytes("value without key"), [new RecordHeader("trace", Bytes("abc")), new RecordHeader("empty", Bytes(""))]),
            new(102, T0 - 3, Bytes("key-3"), null, [new RecordHeader("null-value", null)]),
            new(103, T0 + 1000, Bytes(""), Bytes(""), []),
            new(104, T0 + 7, Bytes("ключ"), Bytes(new string('v', 5000)), [new RecordHeader("ü", Bytes("ß"))]),
        ];
        var options = new RecordBatchOptions { Compression = compression, PartitionLeaderEpoch = 3 };

        var batch = Build(records, options);
        var header = RecordBatchHeader.ReadValidated(batch);
        using var scratch = new PooledBufferWriter();
        var read = RecordBatchReader.ReadRecords(batch, scratch);

        Assert.Equal(compression, header.Compression);
        Assert.Equal(2, header.Magic);
        Assert.Equal(100, header.BaseOffset);
        Assert.Equal(4, header.LastOffsetDelta);
        Assert.Equal(104, header.LastOffset);
        Assert.Equal(5, header.RecordCount);
        Assert.Equal(T0, header.BaseTimestamp);
        Assert.Equal(T0 + 1000, header.MaxTimestamp);
        Assert.Equal(3, header.PartitionLeaderEpoch);
        Assert.Equal(batch.Length, header.TotalSize);
        Assert.False(header.HasProducerId);
        Assert.Equal(-1, header.LastSequence);
        AssertSameRecords(records, read);
        Assert.True(read[2].IsTombstone);
        Assert.False(read[0].IsTombstone);
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Compacted_batch_keeps_original_offsets_with_gaps_and_base_and_last_offset_delta_overrides(CompressionType compression)
    {
        // A compacted batch that originally spanned offsets 500-520; only 503, 510 and 517 survived.
        Record[] records =
        [
            new(503, T0 + 3, Bytes("a"), Bytes("1"), []),
            new(510, T0 + 10, Bytes("b"), Bytes("2"), []),
            new(517, T0 + 17, Bytes("c"), null, []),
        ];
        var options = new RecordBatchOptions
        {
            Compression = compression,
            BaseOffset = 500,
            LastOffsetDelta = 20,
            BaseTimestamp = T0,
            ProducerId = 77,
            ProducerEpoch = 4,
            BaseSequence = 40,
        };

        var batch = Build(records, options);
        var header = RecordBatchHeader.ReadValidated(batch);
        using var scratch = new PooledBufferWriter();
        var read = RecordBatchReader.ReadRecords(batch, scratch);

        Assert.Equal(500, header.BaseOffset);
        Assert.Equal(20, header.LastOffsetDelta);
        Assert.Equal(520, header.LastOffset);
        Assert.Equal(3, header.RecordCount);
        Assert.Equal(T0, header.BaseTimestamp);
        Assert.Equal(T0 + 17, header.MaxTimestamp);
        Assert.True(header.HasProducerId);
        Assert.Equal(77, header.ProducerId);
        Assert.Equal(4, header.ProducerEpoch);
        Assert.Equal(40, header.BaseSequence);
        Assert.Equal(60, header.LastSequence);
        Assert.Equal([503L, 510L, 517L], read.Select(r => r.Offset));
        AssertSameRecords(records, read);
    }

    [Fact]
    public void Header_fields_default_from_the_records()
    {
        Record[] records = [new(42, T0 + 9, null, Bytes("x"), []), new(43, T0 + 2, null, Bytes("y"), [])];

        var header = RecordBatchHeader.ReadValidated(Build(records, new RecordBatchOptions()));

        Assert.Equal(42, header.BaseOffset);
        Assert.Equal(1, header.LastOffsetDelta);
        Assert.Equal(T0 + 9, header.BaseTimestamp);
        Assert.Equal(T0 + 9, header.MaxTimestamp);
        Assert.Equal(CompressionType.None, header.Compression);
        Assert.Equal(RecordBatchHeader.NoProducerId, header.ProducerId);
        Assert.Equal(-1, header.ProducerEpoch);
        Assert.Equal(-1, header.BaseSequence);
        Assert.Equal(0, header.PartitionLeaderEpoch);
        Assert.False(header.IsTransactional);
        Assert.False(header.IsControl);
        Assert.False(header.IsLogAppendTime);
    }

    [Fact]
    public void Attribute_flags_are_written_and_read_back()
    {
        Record[] records = [new(0, T0, null, Bytes("x"), [])];
        var options = new RecordBatchOptions
        {
            Compression = CompressionType.Lz4,
            LogAppendTime = true,
            Transactional = true,
            Control = true,
            MaxTimestamp = T0 + 999,
        };

        var batch = Build(records, options);
        var header = RecordBatchHeader.ReadValidated(batch);

        Assert.Equal(0x03 | 0x08 | 0x10 | 0x20, header.Attributes);
        Assert.Equal(0x3B, BinaryPrimitives.ReadInt16BigEndian(batch.AsSpan(RecordBatchHeader.AttributesOffset)));
        Assert.True(header.IsLogAppendTime);
        Assert.True(header.IsTransactional);
        Assert.True(header.IsControl);
        Assert.Equal(CompressionType.Lz4, header.Compression);
    }

    [Fact]
    public void Log_append_time_batches_give_every_record_the_max_timestamp()
    {
        Record[] records = [new(0, T0, null, Bytes("x"), []), new(1, T0 + 50, null, Bytes("y"), [])];
        var batch = Build(records, new RecordBatchOptions { LogAppendTime = true, MaxTimestamp = T0 + 12345 });

        using var scratch = new PooledBufferWriter();
        var read = RecordBatchReader.ReadRecords(batch, scratch);

        Assert.All(read, r => Assert.Equal(T0 + 12345, r.Timestamp));
    }

    [Fact]
    public void Empty_batch_round_trips()
    {
        var batch = Build([], new RecordBatchOptions { BaseOffset = 9 });

        var header = RecordBatchHeader.ReadValidated(batch);
        using var scratch = new PooledBufferWriter();

        Assert.Equal(RecordBatchHeader.Size, batch.Length);
        Assert.Equal(0, header.RecordCount);
        Assert.Equal(9, header.BaseOffset);
        Assert.Equal(-1, header.MaxTimestamp);
        Assert.Empty(RecordBatchReader.ReadRecords(batch, scratch));
    }

    [Fact]
    public void Builder_appends_after_existing_bytes_and_batches_can_be_read_back_to_back()
    {
        using var output = new PooledBufferWriter();
        RecordBatchBuilder.Write(output, [new Record(0, T0, null, Bytes("first"), [])], new RecordBatchOptions());
        var firstSize = output.WrittenCount;
        RecordBatchBuilder.Write(output, [new Record(1, T0, null, Bytes("second"), [])], new RecordBatchOptions { Compression = CompressionType.Gzip });
        var all = output.WrittenMemory.ToArray();

        var first = RecordBatchHeader.ReadValidated(all.AsSpan(0, firstSize));
        var second = RecordBatchHeader.ReadValidated(all.AsSpan(firstSize));
        using var scratch = new PooledBufferWriter();

        Assert.Equal(firstSize, first.TotalSize);
        Assert.Equal(1, second.BaseOffset);
        Assert.Equal("second", Encoding.UTF8.GetString(RecordBatchReader.ReadRecords(all.AsMemory(firstSize), scratch)[0].Value!.Value.Span));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(40, 20, 60)]
    [InlineData(int.MaxValue, 0, int.MaxValue)]
    [InlineData(int.MaxValue - 1, 3, 1)]
    [InlineData(int.MaxValue, 1, 0)]
    public void Last_sequence_wraps_at_int_max_like_kafka(int baseSequence, int lastOffsetDelta, int expected)
    {
        var header = new RecordBatchHeader(0, 0, 0, 2, 0, 0, lastOffsetDelta, 0, 0, 1, 0, baseSequence, 1);

        Assert.Equal(expected, header.LastSequence);
    }

    [Fact]
    public void Last_sequence_is_minus_one_without_a_base_sequence()
    {
        var header = new RecordBatchHeader(0, 0, 0, 2, 0, 0, 5, 0, 0, -1, -1, -1, 6);

        Assert.Equal(-1, header.LastSequence);
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Flipping_any_byte_covered_by_the_crc_makes_validation_fail(CompressionType compression)
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions { Compression = compression, ProducerId = 5, ProducerEpoch = 1, BaseSequence = 0 });

        for (var i = RecordBatchHeader.AttributesOffset; i < batch.Length; i++)
        {
            var tampered = (byte[])batch.Clone();
            tampered[i] ^= 0x01;

            var error = Xunit.Record.Exception(() => RecordBatchHeader.ReadValidated(tampered));

            Assert.True(error is ProtocolException, $"flipping byte {i} of {batch.Length} was not detected");
        }
    }

    [Fact]
    public void Flipping_a_byte_of_the_stored_crc_makes_validation_fail_with_a_crc_message()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions());

        for (var i = RecordBatchHeader.CrcOffset; i < RecordBatchHeader.AttributesOffset; i++)
        {
            var tampered = (byte[])batch.Clone();
            tampered[i] ^= 0x80;

            var error = Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadValidated(tampered));
            Assert.Contains("CRC", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Base_offset_and_partition_leader_epoch_are_outside_the_crc()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions { Compression = CompressionType.Snappy });

        for (var i = 0; i < 8; i++)
        {
            var tampered = (byte[])batch.Clone();
            tampered[i] ^= 0xFF;
            RecordBatchHeader.ReadValidated(tampered);
        }

        for (var i = RecordBatchHeader.PartitionLeaderEpochOffset; i < RecordBatchHeader.MagicOffset; i++)
        {
            var tampered = (byte[])batch.Clone();
            tampered[i] ^= 0xFF;
            RecordBatchHeader.ReadValidated(tampered);
        }
    }

    [Fact]
    public void Rewriting_base_offset_and_leader_epoch_keeps_the_batch_valid_and_shifts_record_offsets()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions { Compression = CompressionType.Zstd });

        RecordBatchHeader.WriteBaseOffset(batch, 1_000_000);
        RecordBatchHeader.WritePartitionLeaderEpoch(batch, 17);
        var header = RecordBatchHeader.ReadValidated(batch);
        using var scratch = new PooledBufferWriter();
        var read = RecordBatchReader.ReadRecords(batch, scratch);

        Assert.Equal(1_000_000, header.BaseOffset);
        Assert.Equal(17, header.PartitionLeaderEpoch);
        Assert.Equal([1_000_000L, 1_000_001L, 1_000_005L], read.Select(r => r.Offset));
    }

    [Fact]
    public void Batch_shorter_than_the_header_is_rejected()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions());

        var error = Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadValidated(batch.AsSpan(0, 60)));

        Assert.Contains("60 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("61", error.Message, StringComparison.Ordinal);
        Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadValidated([]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(-1)]
    public void Batch_with_another_magic_is_rejected(sbyte magic)
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions());
        batch[RecordBatchHeader.MagicOffset] = (byte)magic;

        var error = Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadValidated(batch));

        Assert.Contains($"magic {magic}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_with_trailing_bytes_is_rejected_as_a_length_mismatch()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions());

        var error = Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadValidated([.. batch, 0]));

        Assert.Contains($"says {batch.Length} bytes but the batch holds {batch.Length + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_cut_short_is_rejected_as_a_length_mismatch()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions());

        var error = Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadValidated(batch.AsSpan(0, batch.Length - 1)));

        Assert.Contains("length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_record_count_is_rejected_even_with_a_matching_crc()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions());
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.RecordCountOffset), -1);
        FixCrc(batch);

        var error = Assert.Throws<ProtocolException>(() => RecordBatchHeader.ReadValidated(batch));

        Assert.Contains("record count -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_count_larger_than_the_records_section_is_rejected_without_huge_allocations()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions());
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.RecordCountOffset), int.MaxValue);
        FixCrc(batch);
        RecordBatchHeader.ReadValidated(batch);

        using var scratch = new PooledBufferWriter();
        var error = Assert.Throws<ProtocolException>(() => RecordBatchReader.ReadRecords(batch, scratch));

        Assert.Contains("record length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_whose_length_overruns_the_batch_is_rejected()
    {
        var batch = Build([new Record(0, T0, null, Bytes("x"), [])], new RecordBatchOptions());
        batch[RecordBatchHeader.Size] = 0x7E; // record length varint: 63 bytes, far more than remain

        using var scratch = new PooledBufferWriter();
        var error = Assert.Throws<ProtocolException>(() => RecordBatchReader.ReadRecords(batch, scratch));

        Assert.Contains("Record 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_with_bytes_unaccounted_for_by_its_fields_is_rejected()
    {
        // One record whose length counts a padding byte after its last field.
        var record = new Wire().I8(0).VarLong(0).VarInt(0).VarInt(-1).VarInt(1).Raw((byte)'v').VarInt(0).ToArray();
        var body = new Wire().VarInt(record.Length + 1).Raw(record).Raw(0x00).ToArray();
        var batch = HandBuiltBatch(body, recordCount: 1);

        using var scratch = new PooledBufferWriter();
        var error = Assert.Throws<ProtocolException>(() => RecordBatchReader.ReadRecords(batch, scratch));

        Assert.Contains("unaccounted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_header_with_a_null_key_is_rejected()
    {
        var record = new Wire().I8(0).VarLong(0).VarInt(0).VarInt(-1).VarInt(-1).VarInt(1).VarInt(-1).VarInt(-1).ToArray();
        var body = new Wire().VarInt(record.Length).Raw(record).ToArray();
        var batch = HandBuiltBatch(body, recordCount: 1);

        using var scratch = new PooledBufferWriter();
        var error = Assert.Throws<ProtocolException>(() => RecordBatchReader.ReadRecords(batch, scratch));

        Assert.Contains("null key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_with_a_negative_header_count_is_rejected()
    {
        var record = new Wire().I8(0).VarLong(0).VarInt(0).VarInt(-1).VarInt(-1).VarInt(-5).ToArray();
        var body = new Wire().VarInt(record.Length).Raw(record).ToArray();
        var batch = HandBuiltBatch(body, recordCount: 1);

        using var scratch = new PooledBufferWriter();
        var error = Assert.Throws<ProtocolException>(() => RecordBatchReader.ReadRecords(batch, scratch));

        Assert.Contains("header count -5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_compressed_records_section_is_rejected()
    {
        var batch = Build(SampleRecords(), new RecordBatchOptions { Compression = CompressionType.Lz4 });
        for (var i = RecordBatchHeader.Size; i < RecordBatchHeader.Size + 4; i++)
        {
            batch[i] = 0;
        }

        using var scratch = new PooledBufferWriter();
        Assert.Throws<ProtocolException>(() => RecordBatchReader.ReadRecords(batch, scratch));
    }

    [Fact]
    public void Uncompressed_records_point_into_the_batch_and_compressed_ones_into_the_scratch_buffer()
    {
        var plain = Build(SampleRecords(), new RecordBatchOptions());
        var packed = Build(SampleRecords(), new RecordBatchOptions { Compression = CompressionType.Gzip });
        using var scratch = new PooledBufferWriter();

        var fromPlain = RecordBatchReader.ReadRecords(plain, scratch);
        Assert.Equal(0, scratch.WrittenCount);
        var fromPacked = RecordBatchReader.ReadRecords(packed, scratch);

        Assert.True(scratch.WrittenCount > 0);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(fromPlain[0].Value!.Value, out var segment));
        Assert.Same(plain, segment.Array);
        AssertSameRecords(SampleRecords(), fromPacked);
    }

    private static Record[] SampleRecords() =>
    [
        new(10, T0, Bytes("k1"), Bytes("v1"), [new RecordHeader("h", Bytes("x"))]),
        new(11, T0 + 1, null, null, []),
        new(15, T0 + 2, Bytes("k3"), Bytes(new string('r', 300)), []),
    ];

    private static byte[] Build(IReadOnlyList<Record> records, RecordBatchOptions options)
    {
        using var output = new PooledBufferWriter();
        RecordBatchBuilder.Write(output, records, options);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>An uncompressed batch around a hand-made records section, with correct length and CRC.</summary>
    private static byte[] HandBuiltBatch(byte[] records, int recordCount)
    {
        var batch = new Wire()
            .I64(0).I32(RecordBatchHeader.Size - 12 + records.Length).I32(0).I8(2).U32(0)
            .I16(0).I32(recordCount - 1).I64(T0).I64(T0).I64(-1).I16(-1).I32(-1).I32(recordCount)
            .Raw(records)
            .ToArray();
        FixCrc(batch);
        return batch;
    }

    private static void FixCrc(byte[] batch) =>
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(RecordBatchHeader.CrcOffset), Crc32C.Compute(batch.AsSpan(RecordBatchHeader.AttributesOffset)));

    private static ReadOnlyMemory<byte> Bytes(string value) => Encoding.UTF8.GetBytes(value);

    private static void AssertSameRecords(Record[] expected, List<Record> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Offset, actual[i].Offset);
            Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
            Assert.Equal(Codec.Hex(expected[i].Key), Codec.Hex(actual[i].Key));
            Assert.Equal(Codec.Hex(expected[i].Value), Codec.Hex(actual[i].Value));
            Assert.Equal(expected[i].Headers.Count, actual[i].Headers.Count);
            for (var h = 0; h < expected[i].Headers.Count; h++)
            {
                Assert.Equal(expected[i].Headers[h].Key, actual[i].Headers[h].Key);
                Assert.Equal(Codec.Hex(expected[i].Headers[h].Value), Codec.Hex(actual[i].Headers[h].Value));
            }
        }
    }
}
