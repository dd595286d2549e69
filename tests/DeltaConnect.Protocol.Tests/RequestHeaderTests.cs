using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Tests;

public sealed class RequestHeaderTests
{
    [Fact]
    public void Header_v1_is_read_and_the_reader_is_left_on_a_classic_body()
    {
        var frame = new Wire().I16(3).I16(8).I32(0x01020304).Str("my-client").I32(-1).ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new RequestHeader(ApiKey.Metadata, 8, 0x01020304, "my-client"), header);
        Assert.False(header.Flexible);
        Assert.False(reader.Flexible);
        Assert.Equal(-1, reader.ReadInt32("body"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Header_v1_reads_a_null_client_id()
    {
        var frame = new Wire().I16(18).I16(0).I32(1).Str(null).ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Null(header.ClientId);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Header_v2_keeps_a_classic_client_id_and_skips_its_tagged_fields()
    {
        // Flexible request header: the client id is still INT16-length; then a tagged-field section with a payload.
        var frame = new Wire()
            .I16(3).I16(9).I32(77).Str("rdkafka")
            .UVarInt(1).UVarInt(4).UVarInt(3).Raw(1, 2, 3)
            .CompactStr("body")
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new RequestHeader(ApiKey.Metadata, 9, 77, "rdkafka"), header);
        Assert.True(header.Flexible);
        Assert.True(reader.Flexible);
        Assert.Equal("body", reader.ReadString("body"));
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData(ApiKey.ApiVersions, 2, false)]
    [InlineData(ApiKey.ApiVersions, 3, true)]
    [InlineData(ApiKey.ApiVersions, 4, true)]
    [InlineData(ApiKey.ApiVersions, 100, true)]
    [InlineData(ApiKey.Produce, 8, false)]
    [InlineData(ApiKey.Produce, 9, true)]
    [InlineData(ApiKey.Fetch, 11, false)]
    [InlineData(ApiKey.Fetch, 12, true)]
    [InlineData(ApiKey.DescribeCluster, 0, true)]
    [InlineData(ApiKey.SaslHandshake, 1, false)]
    [InlineData((ApiKey)999, 5, false)]
    public void Header_flexibility_follows_the_request_version(ApiKey api, short version, bool flexible)
    {
        Assert.Equal(flexible, new RequestHeader(api, version, 1, null).Flexible);
    }

    [Fact]
    public void Truncated_header_names_the_missing_field()
    {
        var frame = new Wire().I16(3).I16(1).Raw(0, 0).ToArray();

        var error = Assert.Throws<ProtocolException>(() => Codec.ReadHeader(frame, out _));

        Assert.Contains("'correlation_id'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public void Api_versions_response_header_is_always_v0_even_when_the_body_is_flexible(short version)
    {
        var header = new RequestHeader(ApiKey.ApiVersions, version, 42, "c");
        using var buffer = new PooledBufferWriter();
        var writer = new ProtocolWriter(buffer);

        header.WriteResponseHeader(writer);

        Assert.Equal("0000002A", Codec.Hex(buffer.WrittenSpan));
        Assert.Equal(version >= 3, writer.Flexible);
    }

    [Theory]
    [InlineData(ApiKey.Metadata, 9)]
    [InlineData(ApiKey.Metadata, 12)]
    [InlineData(ApiKey.Produce, 9)]
    [InlineData(ApiKey.Fetch, 12)]
    [InlineData(ApiKey.DescribeCluster, 0)]
    [InlineData(ApiKey.IncrementalAlterConfigs, 1)]
    public void Flexible_responses_get_header_v1_with_an_empty_tagged_field_section(ApiKey api, short version)
    {
        var header = new RequestHeader(api, version, 0x0A0B0C0D, null);
        using var buffer = new PooledBufferWriter();
        var writer = new ProtocolWriter(buffer);

        header.WriteResponseHeader(writer);

        Assert.Equal("0A0B0C0D" + "00", Codec.Hex(buffer.WrittenSpan));
        Assert.True(writer.Flexible);
    }

    [Theory]
    [InlineData(ApiKey.Metadata, 8)]
    [InlineData(ApiKey.Produce, 3)]
    [InlineData(ApiKey.OffsetCommit, 7)]
    public void Classic_responses_get_header_v0(ApiKey api, short version)
    {
        var header = new RequestHeader(api, version, 5, null);
        using var buffer = new PooledBufferWriter();
        var writer = new ProtocolWriter(buffer, flexible: true);

        header.WriteResponseHeader(writer);

        Assert.Equal("00000005", Codec.Hex(buffer.WrittenSpan));
        Assert.False(writer.Flexible);
    }

    [Fact]
    public void Api_versions_v3_response_frame_has_no_tag_byte_between_correlation_id_and_body()
    {
        var header = new RequestHeader(ApiKey.ApiVersions, 3, 9, "c");
        var response = new ApiVersionsResponse(ErrorCode.None, [new ApiVersionRange(ApiKey.Fetch, 4, 12, 12)]);
        using var buffer = new PooledBufferWriter();
        var writer = new ProtocolWriter(buffer);

        header.WriteResponseHeader(writer);
        response.Write(writer, header.ApiVersion);

        var expected = new Wire()
            .I32(9)
            .I16(0)
            .CompactArrayLength(1).I16(1).I16(4).I16(12).NoTags()
            .I32(0)
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(buffer.WrittenSpan));
    }
}
