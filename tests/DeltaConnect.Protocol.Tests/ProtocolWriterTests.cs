using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Tests;

public sealed class ProtocolWriterTests
{
    [Fact]
    public void Fixed_width_integers_are_written_big_endian()
    {
        var bytes = Codec.Write(w =>
        {
            w.WriteInt8(-2);
            w.WriteInt16(0x0102);
            w.WriteInt16(-2);
            w.WriteInt32(0x01020304);
            w.WriteInt32(int.MinValue);
            w.WriteInt64(0x0102030405060708);
            w.WriteInt64(-1);
            w.WriteBoolean(true);
            w.WriteBoolean(false);
        });

        Assert.Equal(
            "FE" + "0102" + "FFFE" + "01020304" + "80000000" + "0102030405060708" + "FFFFFFFFFFFFFFFF" + "01" + "00",
            Codec.Hex(bytes));
    }

    [Theory]
    [InlineData(0u, "00")]
    [InlineData(1u, "01")]
    [InlineData(127u, "7F")]
    [InlineData(128u, "8001")]
    [InlineData(300u, "AC02")]
    [InlineData(16383u, "FF7F")]
    [InlineData(16384u, "808001")]
    [InlineData(2097151u, "FFFF7F")]
    [InlineData(268435455u, "FFFFFF7F")]
    [InlineData(268435456u, "8080808001")]
    [InlineData(uint.MaxValue, "FFFFFFFF0F")]
    public void Unsigned_varint_matches_the_protocol_guide_encoding(uint value, string hex)
    {
        Assert.Equal(hex, Codec.Hex(Codec.Write(w => w.WriteUnsignedVarInt(value))));
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "01")]
    [InlineData(1, "02")]
    [InlineData(-2, "03")]
    [InlineData(2, "04")]
    [InlineData(63, "7E")]
    [InlineData(-64, "7F")]
    [InlineData(64, "8001")]
    [InlineData(-65, "8101")]
    [InlineData(150, "AC02")]
    [InlineData(int.MaxValue, "FEFFFFFF0F")]
    [InlineData(int.MinValue, "FFFFFFFF0F")]
    public void Zig_zag_varint_matches_the_protocol_guide_encoding(int value, string hex)
    {
        Assert.Equal(hex, Codec.Hex(Codec.Write(w => w.WriteVarInt(value))));
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(-1L, "01")]
    [InlineData(1L, "02")]
    [InlineData(-2L, "03")]
    [InlineData(2147483647L, "FEFFFFFF0F")]
    [InlineData(-2147483648L, "FFFFFFFF0F")]
    [InlineData(2147483648L, "8080808010")]
    [InlineData(long.MaxValue, "FEFFFFFFFFFFFFFFFF01")]
    [InlineData(long.MinValue, "FFFFFFFFFFFFFFFFFF01")]
    public void Zig_zag_varlong_matches_the_protocol_guide_encoding(long value, string hex)
    {
        Assert.Equal(hex, Codec.Hex(Codec.Write(w => w.WriteVarLong(value))));
    }

    [Fact]
    public void Varint_writer_agrees_with_an_independent_encoder_on_random_values()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var value = random.Next(int.MinValue, int.MaxValue) >> random.Next(0, 31);
            var wide = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            var unsigned = (uint)random.NextInt64(0, 1L << 32) >> random.Next(0, 31);

            Assert.Equal(new Wire().VarInt(value).Hex(), Codec.Hex(Codec.Write(w => w.WriteVarInt(value))));
            Assert.Equal(new Wire().VarLong(wide).Hex(), Codec.Hex(Codec.Write(w => w.WriteVarLong(wide))));
            Assert.Equal(new Wire().UVarInt(unsigned).Hex(), Codec.Hex(Codec.Write(w => w.WriteUnsignedVarInt(unsigned))));
        }
    }

    [Theory]
    [InlineData("abc", "0003616263")]
    [InlineData("", "0000")]
    [InlineData(null, "FFFF")]
    [InlineData("é", "0002C3A9")]
    public void Classic_strings_have_an_int16_length_and_null_is_minus_one(string? value, string hex)
    {
        Assert.Equal(hex, Codec.Hex(Codec.Write(w => w.WriteString(value))));
    }

    [Theory]
    [InlineData("abc", "04616263")]
    [InlineData("", "01")]
    [InlineData(null, "00")]
    [InlineData("é", "03C3A9")]
    public void Compact_strings_have_a_varint_length_plus_one_and_null_is_zero(string? value, string hex)
    {
        Assert.Equal(hex, Codec.Hex(Codec.Write(w => w.WriteString(value), flexible: true)));
    }

    [Fact]
    public void Compact_string_longer_than_126_bytes_has_a_two_byte_length()
    {
        var value = new string('x', 200);

        var bytes = Codec.Write(w => w.WriteString(value), flexible: true);

        // 201 = 0xC9 → C9 01
        Assert.Equal("C901", Codec.Hex(bytes.AsSpan(0, 2)));
        Assert.Equal(202, bytes.Length);
    }

    [Fact]
    public void Classic_bytes_have_an_int32_length_and_null_is_minus_one()
    {
        Assert.Equal("000000020102", Codec.Hex(Codec.Write(w => w.WriteBytes([1, 2]))));
        Assert.Equal("00000000", Codec.Hex(Codec.Write(w => w.WriteBytes([]))));
        Assert.Equal("FFFFFFFF", Codec.Hex(Codec.Write(w => w.WriteBytes([], isNull: true))));
    }

    [Fact]
    public void Compact_bytes_have_a_varint_length_plus_one_and_null_is_zero()
    {
        Assert.Equal("030102", Codec.Hex(Codec.Write(w => w.WriteBytes([1, 2]), flexible: true)));
        Assert.Equal("01", Codec.Hex(Codec.Write(w => w.WriteBytes([]), flexible: true)));
        Assert.Equal("00", Codec.Hex(Codec.Write(w => w.WriteBytes([], isNull: true), flexible: true)));
    }

    [Fact]
    public void Uuid_is_written_most_significant_half_first_big_endian()
    {
        var id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

        var bytes = Codec.Write(w => w.WriteUuid(id));

        Assert.Equal(new Wire().Uuid(0x0011223344556677, 0x8899AABBCCDDEEFF).Hex(), Codec.Hex(bytes));
    }

    [Fact]
    public void Array_lengths_are_int32_classic_and_varint_plus_one_compact()
    {
        Assert.Equal("00000003", Codec.Hex(Codec.Write(w => w.WriteArrayLength(3))));
        Assert.Equal("FFFFFFFF", Codec.Hex(Codec.Write(w => w.WriteArrayLength(-1))));
        Assert.Equal("04", Codec.Hex(Codec.Write(w => w.WriteArrayLength(3), flexible: true)));
        Assert.Equal("01", Codec.Hex(Codec.Write(w => w.WriteArrayLength(0), flexible: true)));
        Assert.Equal("00", Codec.Hex(Codec.Write(w => w.WriteArrayLength(-1), flexible: true)));
    }

    [Fact]
    public void Int32_and_string_arrays_write_their_elements_after_the_length()
    {
        Assert.Equal("00000002" + "00000001" + "FFFFFFFF", Codec.Hex(Codec.Write(w => w.WriteInt32Array([1, -1]))));
        Assert.Equal("FFFFFFFF", Codec.Hex(Codec.Write(w => w.WriteInt32Array(null))));
        Assert.Equal("03" + "00000001" + "FFFFFFFF", Codec.Hex(Codec.Write(w => w.WriteInt32Array([1, -1]), flexible: true)));
        Assert.Equal("00", Codec.Hex(Codec.Write(w => w.WriteInt32Array(null), flexible: true)));

        Assert.Equal("00000002" + "000161" + "0000", Codec.Hex(Codec.Write(w => w.WriteStringArray(["a", ""]))));
        Assert.Equal("03" + "0261" + "01", Codec.Hex(Codec.Write(w => w.WriteStringArray(["a", ""]), flexible: true)));
        Assert.Equal("00", Codec.Hex(Codec.Write(w => w.WriteStringArray(null), flexible: true)));
    }

    [Fact]
    public void Struct_array_elements_end_with_an_empty_tagged_field_section_only_when_flexible()
    {
        short[] items = [1, 2];

        var classic = Codec.Write(w => w.WriteStructArray(items, static (w, x) => w.WriteInt16(x)));
        var flexible = Codec.Write(w => w.WriteStructArray(items, static (w, x) => w.WriteInt16(x)), flexible: true);
        var nullArray = Codec.Write(w => w.WriteStructArray<short>(null, static (w, x) => w.WriteInt16(x)), flexible: true);

        Assert.Equal("00000002" + "0001" + "0002", Codec.Hex(classic));
        Assert.Equal("03" + "0001" + "00" + "0002" + "00", Codec.Hex(flexible));
        Assert.Equal("00", Codec.Hex(nullArray));
    }

    [Fact]
    public void Empty_tagged_fields_are_one_zero_byte_when_flexible_and_nothing_otherwise()
    {
        Assert.Empty(Codec.Write(w => w.WriteEmptyTaggedFields()));
        Assert.Equal("00", Codec.Hex(Codec.Write(w => w.WriteEmptyTaggedFields(), flexible: true)));
    }

    [Fact]
    public void Reserved_int32_is_patched_in_place_and_position_tracks_written_bytes()
    {
        var bytes = Codec.Write(w =>
        {
            w.WriteInt8(9);
            var reserved = w.ReserveInt32();
            Assert.Equal(1, reserved);
            w.WriteInt16(7);
            Assert.Equal(7, w.Position);
            w.PatchInt32(reserved, 0x0A0B0C0D);
        });

        Assert.Equal("09" + "0A0B0C0D" + "0007", Codec.Hex(bytes));
    }

    [Fact]
    public void Writes_beyond_the_initial_capacity_grow_the_buffer_and_keep_earlier_bytes()
    {
        var payload = new byte[100_000];
        new Random(3).NextBytes(payload);
        using var buffer = new PooledBufferWriter(16);
        var writer = new ProtocolWriter(buffer);

        writer.WriteInt32(0x11223344);
        writer.WriteRaw(payload);
        writer.WriteVarLong(long.MinValue);

        Assert.Equal(4 + payload.Length + 10, buffer.WrittenCount);
        Assert.Equal("11223344", Codec.Hex(buffer.WrittenSpan[..4]));
        Assert.True(buffer.WrittenSpan.Slice(4, payload.Length).SequenceEqual(payload));
        Assert.Equal("FFFFFFFFFFFFFFFFFF01", Codec.Hex(buffer.WrittenSpan[^10..]));
    }

    [Fact]
    public void Pooled_buffer_truncate_and_clear_forget_written_bytes()
    {
        using var buffer = new PooledBufferWriter();
        var writer = new ProtocolWriter(buffer);
        writer.WriteInt64(1);

        buffer.Truncate(3);
        Assert.Equal(3, buffer.WrittenCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Truncate(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));

        buffer.Clear();
        Assert.Equal(0, buffer.WrittenCount);
        writer.WriteInt16(5);
        Assert.Equal("0005", Codec.Hex(buffer.WrittenSpan));
    }
}
