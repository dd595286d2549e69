using System.Runtime.InteropServices;
using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Tests;

public sealed class ProtocolReaderTests
{
    [Fact]
    public void Fixed_width_integers_are_read_big_endian()
    {
        var reader = new ProtocolReader(Convert.FromHexString("FE" + "0102" + "FFFE" + "01020304" + "80000000" + "0102030405060708" + "FFFFFFFFFFFFFFFF" + "02" + "00"));

        Assert.Equal(-2, reader.ReadInt8("a"));
        Assert.Equal(0x0102, reader.ReadInt16("b"));
        Assert.Equal(-2, reader.ReadInt16("c"));
        Assert.Equal(0x01020304, reader.ReadInt32("d"));
        Assert.Equal(int.MinValue, reader.ReadInt32("e"));
        Assert.Equal(0x0102030405060708, reader.ReadInt64("f"));
        Assert.Equal(-1, reader.ReadInt64("g"));
        Assert.True(reader.ReadBoolean("h"));
        Assert.False(reader.ReadBoolean("i"));
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(31, reader.Position);
    }

    [Theory]
    [InlineData("00", 0u)]
    [InlineData("7F", 127u)]
    [InlineData("8001", 128u)]
    [InlineData("AC02", 300u)]
    [InlineData("808001", 16384u)]
    [InlineData("FFFFFFFF0F", uint.MaxValue)]
    public void Unsigned_varint_decodes_the_protocol_guide_encoding(string hex, uint expected)
    {
        var reader = new ProtocolReader(Convert.FromHexString(hex));

        Assert.Equal(expected, reader.ReadUnsignedVarInt("v"));
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData("00", 0)]
    [InlineData("01", -1)]
    [InlineData("02", 1)]
    [InlineData("03", -2)]
    [InlineData("FEFFFFFF0F", int.MaxValue)]
    [InlineData("FFFFFFFF0F", int.MinValue)]
    public void Zig_zag_varint_decodes_the_protocol_guide_encoding(string hex, int expected)
    {
        var reader = new ProtocolReader(Convert.FromHexString(hex));

        Assert.Equal(expected, reader.ReadVarInt("v"));
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData("01", -1L)]
    [InlineData("02", 1L)]
    [InlineData("8080808010", 2147483648L)]
    [InlineData("FEFFFFFFFFFFFFFFFF01", long.MaxValue)]
    [InlineData("FFFFFFFFFFFFFFFFFF01", long.MinValue)]
    public void Zig_zag_varlong_decodes_the_protocol_guide_encoding(string hex, long expected)
    {
        var reader = new ProtocolReader(Convert.FromHexString(hex));

        Assert.Equal(expected, reader.ReadVarLong("v"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Varint_round_trips_boundary_values()
    {
        int[] ints = [0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, -8193, 1048575, -1048576, 134217727, -134217728, int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1];
        long[] longs = [0, 1, -1, int.MaxValue, int.MinValue, (long)int.MaxValue + 1, (long)int.MinValue - 1, 1L << 62, -(1L << 62), long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1];
        uint[] unsigned = [0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, uint.MaxValue];

        var bytes = Codec.Write(w =>
        {
            foreach (var v in ints)
            {
                w.WriteVarInt(v);
            }

            foreach (var v in longs)
            {
                w.WriteVarLong(v);
            }

            foreach (var v in unsigned)
            {
                w.WriteUnsignedVarInt(v);
            }
        });

        var reader = new ProtocolReader(bytes);
        foreach (var v in ints)
        {
            Assert.Equal(v, reader.ReadVarInt("int"));
        }

        foreach (var v in longs)
        {
            Assert.Equal(v, reader.ReadVarLong("long"));
        }

        foreach (var v in unsigned)
        {
            Assert.Equal(v, reader.ReadUnsignedVarInt("uint"));
        }

        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Random_varints_round_trip()
    {
        var random = new Random(7);
        var ints = Enumerable.Range(0, 5000).Select(_ => random.Next(int.MinValue, int.MaxValue) >> random.Next(0, 31)).ToArray();
        var longs = Enumerable.Range(0, 5000).Select(_ => random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63)).ToArray();

        var bytes = Codec.Write(w =>
        {
            for (var i = 0; i < ints.Length; i++)
            {
                w.WriteVarInt(ints[i]);
                w.WriteVarLong(longs[i]);
            }
        });

        var reader = new ProtocolReader(bytes);
        for (var i = 0; i < ints.Length; i++)
        {
            Assert.Equal(ints[i], reader.ReadVarInt("int"));
            Assert.Equal(longs[i], reader.ReadVarLong("long"));
        }

        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Strings_round_trip_including_null_empty_and_multibyte(bool flexible)
    {
        string?[] values = ["abc", "", null, "é€😀", new string('z', 300), "tab\tnew\nline"];

        var bytes = Codec.Write(
            w =>
            {
                foreach (var v in values)
                {
                    w.WriteString(v);
                }
            },
            flexible);

        var reader = new ProtocolReader(bytes, flexible);
        foreach (var v in values)
        {
            Assert.Equal(v, reader.ReadNullableString("s"));
        }

        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Strings_decode_hand_assembled_classic_and_compact_encodings()
    {
        var classic = new ProtocolReader(new Wire().Str("héllo").Str("").Str(null).ToArray());
        var compact = new ProtocolReader(new Wire().CompactStr("héllo").CompactStr("").CompactStr(null).ToArray(), flexible: true);

        Assert.Equal("héllo", classic.ReadString("a"));
        Assert.Equal("", classic.ReadString("b"));
        Assert.Null(classic.ReadNullableString("c"));
        Assert.Equal("héllo", compact.ReadString("a"));
        Assert.Equal("", compact.ReadString("b"));
        Assert.Null(compact.ReadNullableString("c"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_round_trip_including_null_and_empty(bool flexible)
    {
        var big = new byte[1000];
        new Random(5).NextBytes(big);

        var bytes = Codec.Write(
            w =>
            {
                w.WriteBytes([1, 2, 3]);
                w.WriteBytes([]);
                w.WriteBytes([], isNull: true);
                w.WriteBytes(big);
            },
            flexible);

        var reader = new ProtocolReader(bytes, flexible);
        Assert.Equal("010203", Codec.Hex(reader.ReadBytes("a")));
        Assert.Equal(0, reader.ReadNullableBytes("b")!.Value.Length);
        Assert.Null(reader.ReadNullableBytes("c"));
        Assert.Equal(Codec.Hex(big), Codec.Hex(reader.ReadBytes("d")));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Bytes_are_sliced_from_the_input_without_copying()
    {
        var frame = new Wire().I16(0).Bytes([9, 8, 7]).ToArray();
        var reader = new ProtocolReader(frame);
        reader.ReadInt16("skip");

        var slice = reader.ReadBytes("data");

        Assert.True(MemoryMarshal.TryGetArray(slice, out var segment));
        Assert.Same(frame, segment.Array);
        Assert.Equal(6, segment.Offset);
        Assert.Equal(3, segment.Count);
    }

    [Fact]
    public void Uuid_is_read_most_significant_half_first_big_endian()
    {
        var reader = new ProtocolReader(new Wire().Uuid(0x0011223344556677, 0x8899AABBCCDDEEFF).ToArray());

        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), reader.ReadUuid("topic_id"));
    }

    [Fact]
    public void Uuid_round_trips()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).Append(Guid.Empty).ToArray();

        var bytes = Codec.Write(w =>
        {
            foreach (var id in ids)
            {
                w.WriteUuid(id);
            }
        });

        var reader = new ProtocolReader(bytes);
        foreach (var id in ids)
        {
            Assert.Equal(id, reader.ReadUuid("id"));
        }
    }

    [Fact]
    public void Classic_arrays_read_null_empty_and_elements()
    {
        var bytes = new Wire()
            .ArrayLength(-1)
            .ArrayLength(0)
            .ArrayLength(2).I32(5).I32(-6)
            .ArrayLength(2).Str("x").Str("yz")
            .ArrayLength(-1)
            .ToArray();

        var reader = new ProtocolReader(bytes);

        Assert.Equal(-1, reader.ReadArrayLength("null"));
        Assert.Equal(0, reader.ReadRequiredArrayLength("empty"));
        Assert.Equal([5, -6], reader.ReadInt32Array("ints")!);
        Assert.Equal(["x", "yz"], reader.ReadStringArray("strings")!);
        Assert.Null(reader.ReadStringArray("null strings"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Compact_arrays_read_null_empty_and_elements()
    {
        var bytes = new Wire()
            .CompactArrayLength(-1)
            .CompactArrayLength(0)
            .CompactArrayLength(2).I32(5).I32(-6)
            .CompactArrayLength(2).CompactStr("x").CompactStr("yz")
            .CompactArrayLength(-1)
            .ToArray();

        var reader = new ProtocolReader(bytes, flexible: true);

        Assert.Equal(-1, reader.ReadArrayLength("null"));
        Assert.Equal(0, reader.ReadArrayLength("empty"));
        Assert.Equal([5, -6], reader.ReadInt32Array("ints")!);
        Assert.Equal(["x", "yz"], reader.ReadStringArray("strings")!);
        Assert.Null(reader.ReadInt32Array("null ints"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Struct_array_in_flexible_mode_skips_each_elements_tagged_fields()
    {
        // Two elements (int16 id, compact string name); the first carries two tagged fields with payloads.
        var bytes = new Wire()
            .CompactArrayLength(2)
            .I16(1).CompactStr("one")
            .UVarInt(2)
            .UVarInt(0).UVarInt(3).Raw(0xAA, 0xBB, 0xCC)
            .UVarInt(300).UVarInt(0)
            .I16(2).CompactStr("two").NoTags()
            .I16(0x7777)
            .ToArray();

        var reader = new ProtocolReader(bytes, flexible: true);
        var items = reader.ReadStructArray("items", static (ref ProtocolReader r) => (r.ReadInt16("id"), r.ReadString("name")));

        Assert.Equal([((short)1, "one"), ((short)2, "two")], items);
        Assert.Equal(0x7777, reader.ReadInt16("after"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Struct_array_round_trips_through_the_writer_in_both_encodings()
    {
        (int Id, string? Name)[] items = [(1, "a"), (2, null), (3, "")];

        foreach (var flexible in new[] { false, true })
        {
            var bytes = Codec.Write(
                w => w.WriteStructArray(items, static (w, x) =>
                {
                    w.WriteInt32(x.Id);
                    w.WriteString(x.Name);
                }),
                flexible);

            var reader = new ProtocolReader(bytes, flexible);
            var read = reader.ReadStructArray("items", static (ref ProtocolReader r) => (r.ReadInt32("id"), r.ReadNullableString("name")));

            Assert.Equal(items, read);
            Assert.Equal(0, reader.Remaining);
        }
    }

    [Fact]
    public void Nullable_struct_array_reads_null_as_null()
    {
        var classic = new ProtocolReader(new Wire().ArrayLength(-1).ToArray());
        var compact = new ProtocolReader(new Wire().CompactArrayLength(-1).ToArray(), flexible: true);

        Assert.Null(classic.ReadNullableStructArray("a", static (ref ProtocolReader r) => r.ReadInt32("x")));
        Assert.Null(compact.ReadNullableStructArray("a", static (ref ProtocolReader r) => r.ReadInt32("x")));
    }

    [Fact]
    public void Skip_tagged_fields_skips_real_tagged_fields_with_payloads()
    {
        var payload = new byte[200];
        new Random(9).NextBytes(payload);
        var bytes = new Wire()
            .UVarInt(3)
            .UVarInt(0).UVarInt(4).I32(0x01020304)
            .UVarInt(1).UVarInt((ulong)payload.Length).Raw(payload)
            .UVarInt(10_000).UVarInt(0)
            .I32(0x5A5A5A5A)
            .ToArray();

        var reader = new ProtocolReader(bytes, flexible: true);
        reader.SkipTaggedFields();

        Assert.Equal(0x5A5A5A5A, reader.ReadInt32("after tags"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Skip_tagged_fields_is_a_no_op_for_non_flexible_bodies()
    {
        var reader = new ProtocolReader(new byte[] { 0x02, 0x00, 0x00 });

        reader.SkipTaggedFields();

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Take_returns_the_next_bytes_and_advances()
    {
        var reader = new ProtocolReader(new byte[] { 1, 2, 3, 4, 5 });

        Assert.Equal("0102", Codec.Hex(reader.Take(2, "first")));
        Assert.Equal("030405", Codec.Hex(reader.Take(3, "rest")));
        Assert.Equal(0, reader.Take(0, "none").Length);
        Assert.Equal(5, reader.Position);
    }

    [Fact]
    public void Flexible_flag_can_be_switched_between_reads()
    {
        var bytes = new Wire().Str("classic").CompactStr("compact").ToArray();
        var reader = new ProtocolReader(bytes);

        var first = reader.ReadString("a");
        reader.Flexible = true;
        var second = reader.ReadString("b");

        Assert.Equal("classic", first);
        Assert.Equal("compact", second);
    }
}
