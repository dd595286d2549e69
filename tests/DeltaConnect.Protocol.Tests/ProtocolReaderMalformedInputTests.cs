using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Tests;

public sealed class ProtocolReaderMalformedInputTests
{
    private delegate void ReadAction(ref ProtocolReader reader);

    [Theory]
    [InlineData("int8", "")]
    [InlineData("int16", "01")]
    [InlineData("int32", "010203")]
    [InlineData("int64", "01020304050607")]
    [InlineData("uuid", "000102030405060708090A0B0C0D0E")]
    public void Truncated_fixed_width_field_names_the_field(string kind, string hex)
    {
        ReadAction read = kind switch
        {
            "int8" => static (ref ProtocolReader r) => r.ReadInt8("my_int8"),
            "int16" => static (ref ProtocolReader r) => r.ReadInt16("my_int16"),
            "int32" => static (ref ProtocolReader r) => r.ReadInt32("my_int32"),
            "int64" => static (ref ProtocolReader r) => r.ReadInt64("my_int64"),
            _ => static (ref ProtocolReader r) => r.ReadUuid("my_uuid"),
        };

        var error = Fails(Convert.FromHexString(hex), flexible: false, read);

        Assert.Contains($"'my_{kind}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_int32_reports_the_byte_offset_where_decoding_stopped()
    {
        var error = Fails(new byte[] { 0, 0, 0, 1, 9, 9 }, flexible: false, static (ref ProtocolReader r) =>
        {
            r.ReadInt32("first");
            r.ReadInt32("second");
        });

        Assert.Contains("'second' at byte 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 4 byte(s) but only 2 remain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_classic_string_names_the_field()
    {
        var bytes = new Wire().I16(5).Raw(0x61, 0x62).ToArray();

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) => r.ReadString("group_id"));

        Assert.Contains("'group_id'", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_compact_string_names_the_field()
    {
        var bytes = new Wire().UVarInt(10).Raw(0x61).ToArray();

        var error = Fails(bytes, flexible: true, static (ref ProtocolReader r) => r.ReadNullableString("member_id"));

        Assert.Contains("'member_id'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_string_length_names_the_field()
    {
        var error = Fails([0x00], flexible: false, static (ref ProtocolReader r) => r.ReadString("client_id"));

        Assert.Contains("'client_id'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(short.MinValue)]
    public void Negative_string_length_other_than_minus_one_is_rejected(short length)
    {
        var bytes = new Wire().I16(length).Raw(new byte[10]).ToArray();

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) => r.ReadNullableString("topic"));

        Assert.Contains("'topic'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"invalid string length {length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_string_length_beyond_int_range_is_rejected()
    {
        var bytes = new Wire().UVarInt(uint.MaxValue).Raw(new byte[10]).ToArray();

        var error = Fails(bytes, flexible: true, static (ref ProtocolReader r) => r.ReadNullableString("name"));

        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void Negative_bytes_length_other_than_minus_one_is_rejected(int length)
    {
        var bytes = new Wire().I32(length).Raw(new byte[10]).ToArray();

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) => r.ReadNullableBytes("records"));

        Assert.Contains("'records'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"invalid bytes length {length}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_longer_than_the_input_are_rejected(bool flexible)
    {
        var wire = flexible ? new Wire().UVarInt(11) : new Wire().I32(10);
        var bytes = wire.Raw(1, 2, 3).ToArray();

        var error = Fails(bytes, flexible, static (ref ProtocolReader r) => r.ReadBytes("metadata"));

        Assert.Contains("'metadata'", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_where_a_string_is_required_is_rejected()
    {
        var error = Fails(new Wire().Str(null).ToArray(), flexible: false, static (ref ProtocolReader r) => r.ReadString("group_id"));

        Assert.Contains("'group_id'", error.Message, StringComparison.Ordinal);
        Assert.Contains("null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_where_bytes_are_required_is_rejected()
    {
        var error = Fails(new Wire().CompactBytes(null).ToArray(), flexible: true, static (ref ProtocolReader r) => r.ReadBytes("assignment"));

        Assert.Contains("'assignment'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classic_array_length_larger_than_the_remaining_bytes_is_rejected()
    {
        var bytes = new Wire().ArrayLength(1000).I32(1).ToArray();

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) => r.ReadInt32Array("replica_nodes"));

        Assert.Contains("'replica_nodes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("array length 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_array_length_is_rejected_before_allocating()
    {
        var bytes = new Wire().ArrayLength(int.MaxValue).ToArray();

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) =>
            r.ReadStructArray("topics", static (ref ProtocolReader r) => r.ReadInt64("x")));

        Assert.Contains("'topics'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_array_length_larger_than_the_remaining_bytes_is_rejected()
    {
        var bytes = new Wire().CompactArrayLength(50).Raw(1, 2).ToArray();

        var error = Fails(bytes, flexible: true, static (ref ProtocolReader r) => r.ReadStringArray("topic_names"));

        Assert.Contains("'topic_names'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_array_length_other_than_minus_one_is_rejected()
    {
        var bytes = new Wire().ArrayLength(-2).Raw(new byte[8]).ToArray();

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) => r.ReadArrayLength("partitions"));

        Assert.Contains("'partitions'", error.Message, StringComparison.Ordinal);
        Assert.Contains("-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_where_an_array_is_required_is_rejected()
    {
        var bytes = new Wire().ArrayLength(-1).ToArray();

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) =>
            r.ReadStructArray("topic_data", static (ref ProtocolReader r) => r.ReadInt32("x")));

        Assert.Contains("'topic_data'", error.Message, StringComparison.Ordinal);
        Assert.Contains("null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Varint_longer_than_five_bytes_is_rejected()
    {
        var bytes = Convert.FromHexString("FFFFFFFFFF01");

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) => r.ReadVarInt("record length"));

        Assert.Contains("'record length'", error.Message, StringComparison.Ordinal);
        Assert.Contains("longer than 5 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_length_varint_longer_than_five_bytes_is_rejected()
    {
        var bytes = Convert.FromHexString("8080808080800100");

        var error = Fails(bytes, flexible: true, static (ref ProtocolReader r) => r.ReadNullableString("transactional_id"));

        Assert.Contains("'transactional_id'", error.Message, StringComparison.Ordinal);
        Assert.Contains("longer than 5 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Varlong_longer_than_ten_bytes_is_rejected()
    {
        var bytes = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFF01");

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) => r.ReadVarLong("timestamp delta"));

        Assert.Contains("'timestamp delta'", error.Message, StringComparison.Ordinal);
        Assert.Contains("longer than 10 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Varint_cut_off_after_a_continuation_byte_is_truncated()
    {
        var error = Fails([0x80, 0x80], flexible: false, static (ref ProtocolReader r) => r.ReadUnsignedVarInt("count"));

        Assert.Contains("'count'", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Varlong_cut_off_after_a_continuation_byte_is_truncated()
    {
        var error = Fails([0xFF], flexible: false, static (ref ProtocolReader r) => r.ReadVarLong("offset delta"));

        Assert.Contains("'offset delta'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C328")]
    [InlineData("FF")]
    [InlineData("EDA080")]
    [InlineData("F4908080")]
    public void Invalid_utf8_in_a_classic_string_is_rejected(string hex)
    {
        var payload = Convert.FromHexString(hex);
        var bytes = new Wire().I16((short)payload.Length).Raw(payload).ToArray();

        var error = Fails(bytes, flexible: false, static (ref ProtocolReader r) => r.ReadString("client_id"));

        Assert.Contains("'client_id'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_compact_string_is_rejected()
    {
        var bytes = new Wire().UVarInt(3).Raw(0x61, 0xC0).ToArray();

        var error = Fails(bytes, flexible: true, static (ref ProtocolReader r) => r.ReadNullableString("rack_id"));

        Assert.Contains("'rack_id'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tagged_field_whose_payload_is_cut_off_is_truncated()
    {
        var bytes = new Wire().UVarInt(1).UVarInt(0).UVarInt(5).Raw(1, 2).ToArray();

        var error = Fails(bytes, flexible: true, static (ref ProtocolReader r) => r.SkipTaggedFields());

        Assert.Contains("'tagged field'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tagged_field_count_without_the_fields_is_truncated()
    {
        var error = Fails([0x03], flexible: true, static (ref ProtocolReader r) => r.SkipTaggedFields());

        Assert.Contains("'tag'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Take_of_a_negative_count_is_rejected()
    {
        var error = Fails([1, 2, 3], flexible: false, static (ref ProtocolReader r) => r.Take(-1, "slice"));

        Assert.Contains("'slice'", error.Message, StringComparison.Ordinal);
    }

    private static ProtocolException Fails(byte[] bytes, bool flexible, ReadAction read)
    {
        var reader = new ProtocolReader(bytes, flexible);
        return Assert.Throws<ProtocolException>(() => read(ref reader));
    }
}
