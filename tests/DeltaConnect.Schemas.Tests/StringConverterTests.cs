using DeltaConnect.Schemas.Converters;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using static DeltaConnect.Schemas.Tests.TestConverters;

namespace DeltaConnect.Schemas.Tests;

public sealed class StringConverterTests
{
    private static StringConverter NewString(string? encoding = null)
    {
        var converter = new StringConverter();
        converter.Configure(encoding is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["converter.encoding"] = encoding }, isKey: false);
        return converter;
    }

    private static string Write(object? value, Schema? schema = null) => Utf8Text(NewString().FromConnectData(Topic, new(), schema, value));

    // Expected texts are what Kafka Connect's StringConverter (Java's toString) writes for the same values.
    [Theory]
    [InlineData("text", "text")]
    [InlineData(42, "42")]
    [InlineData(-7L, "-7")]
    [InlineData(1.5f, "1.5")]
    [InlineData(1e10, "1.0E10")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public void Primitives_are_written_as_java_prints_them(object value, string expected)
    {
        Assert.Equal(expected, Write(value));
    }

    [Fact]
    public void Decimals_keep_their_scale_like_java_big_decimal()
    {
        Assert.Equal("1.50", Write(1.50m));
        Assert.Equal("1E-7", Write(0.0000001m));
        Assert.Equal("1.50", Write(1.5m, ConnectDecimal.Schema(2)));
    }

    [Fact]
    public void Lists_maps_and_structs_are_written_as_java_collections_and_kafka_structs_print()
    {
        Assert.Equal("[1, a, null]", Write(new List<object?> { 1, "a", null }));
        Assert.Equal("{a=1, b=[true, null, x]}", Write(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { true, null, "x" } }));
        Assert.Equal(
            "Struct{id=1001,address=Struct{street=Main \"St\",zip=12345},tags=[a, b],scores={math=1.5, art=1.0E7},codes={1=true, -2=false}}",
            Write(Samples.CustomerValue(), Samples.Customer));
    }

    [Fact]
    public void Bytes_and_temporal_values_are_written_in_the_header_converter_forms()
    {
        Assert.Equal("AQID", Write(new byte[] { 1, 2, 3 }));
        Assert.Equal("2024-05-01", Write(new DateOnly(2024, 5, 1)));
        Assert.Equal("13:45:00.123Z", Write(new TimeOnly(13, 45, 0, 123)));
        Assert.Equal("2024-05-01T13:45:00.123Z", Write(new DateTimeOffset(2024, 5, 1, 15, 45, 0, 123, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Schema_is_ignored_when_writing()
    {
        Assert.Equal("42", Write(42, Schema.String));
    }

    [Fact]
    public void Null_is_written_as_no_bytes_and_read_as_an_optional_string_null()
    {
        var converter = NewString();

        Assert.Null(converter.FromConnectData(Topic, new(), Schema.OptionalString, null));
        Assert.Equal(new SchemaAndValue(Schema.OptionalString, null), converter.ToConnectData(Topic, new(), null));
    }

    [Fact]
    public void Bytes_read_back_as_an_optional_string()
    {
        Assert.Equal(new SchemaAndValue(Schema.OptionalString, "héllo 😀"), NewString().ToConnectData(Topic, new(), Utf8("héllo 😀")));
    }

    [Fact]
    public void Utf16_is_big_endian_with_a_byte_order_mark_as_in_java()
    {
        var converter = NewString("UTF-16");

        Assert.Equal(new byte[] { 0xFE, 0xFF, 0x00, 0x68, 0x00, 0xE9 }, converter.FromConnectData(Topic, new(), null, "hé"));
        Assert.Empty(converter.FromConnectData(Topic, new(), null, "")!);
        Assert.Equal("hé", converter.ToConnectData(Topic, new(), [0xFE, 0xFF, 0x00, 0x68, 0x00, 0xE9]).Value);
        Assert.Equal("hé", converter.ToConnectData(Topic, new(), [0xFF, 0xFE, 0x68, 0x00, 0xE9, 0x00]).Value);
        Assert.Equal("hé", converter.ToConnectData(Topic, new(), [0x00, 0x68, 0x00, 0xE9]).Value);
    }

    [Theory]
    [InlineData("ISO-8859-1", "é", new byte[] { 0xE9 })]
    [InlineData("latin1", "é", new byte[] { 0xE9 })]
    [InlineData("US-ASCII", "é", new byte[] { 0x3F })]
    [InlineData("UTF-16LE", "h", new byte[] { 0x68, 0x00 })]
    [InlineData("utf8", "é", new byte[] { 0xC3, 0xA9 })]
    public void Java_charset_names_and_aliases_are_accepted(string encoding, string text, byte[] expected)
    {
        Assert.Equal(expected, NewString(encoding).FromConnectData(Topic, new(), null, text));
    }

    [Fact]
    public void Malformed_bytes_decode_to_the_replacement_character()
    {
        Assert.Equal("a\uFFFDb", NewString("US-ASCII").ToConnectData(Topic, new(), [0x61, 0x80, 0x62]).Value);
    }

    [Fact]
    public void Unknown_encoding_is_rejected_when_configuring_naming_the_setting()
    {
        var error = Assert.Throws<ConfigException>(() => NewString("klingon"));

        Assert.Equal("converter.encoding", error.Name);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }
}
