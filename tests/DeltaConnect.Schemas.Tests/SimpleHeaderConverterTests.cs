using System.Collections;
using System.Globalization;
using DeltaConnect.Schemas.Converters;
using DeltaConnect.Schemas.Text;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using static DeltaConnect.Schemas.Tests.TestConverters;

namespace DeltaConnect.Schemas.Tests;

public sealed class SimpleHeaderConverterTests
{
    private readonly SimpleHeaderConverter _converter = new();

    private string Write(object? value, Schema? schema = null) => Utf8Text(_converter.FromConnectHeader(Topic, "h", schema, value));

    private SchemaAndValue Read(string text) => _converter.ToConnectHeader(Topic, "h", Utf8(text));

    // Expected texts are what Kafka Connect's SimpleHeaderConverter wrote for the same values.
    [Fact]
    public void Primitives_are_written_as_their_string_form()
    {
        Assert.Equal("text", Write("text"));
        Assert.Equal("42", Write(42));
        Assert.Equal("1.5", Write(1.5f));
        Assert.Equal("2.5", Write(2.5));
        Assert.Equal("1.0E10", Write(1e10));
        Assert.Equal("true", Write(true));
        Assert.Equal("AQID", Write(new byte[] { 1, 2, 3 }));
        Assert.Equal("12.30", Write(12.3m, ConnectDecimal.Schema(2)));
        Assert.Equal("2024-05-01T13:45:00.123Z", Write(new DateTimeOffset(2024, 5, 1, 13, 45, 0, 123, TimeSpan.Zero)));
        Assert.Equal("2024-05-01", Write(new DateOnly(2024, 5, 1)));
        Assert.Equal("13:45:00.123Z", Write(new TimeOnly(13, 45, 0, 123)));
    }

    [Fact]
    public void Arrays_maps_and_structs_are_written_in_kafka_connect_json_like_form()
    {
        Assert.Equal("[1,2,300]", Write(new List<object?> { 1, 2, 300 }));
        Assert.Equal("[\"a\",\"b\\\"c\"]", Write(new List<object?> { "a", "b\"c" }));
        Assert.Equal("{\"a\":1,\"b\":[true,null,\"x\"]}", Write(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { true, null, "x" } }));
        Assert.Equal("{\"street\":\"Main \\\"St\\\"\",\"zip\":12345}", Write(Samples.AddressValue()));
        Assert.Equal(
            "{\"id\":1001,\"name\":null,\"address\":{\"street\":\"Main \\\"St\\\"\",\"zip\":12345},\"tags\":[\"a\",\"b\"],\"scores\":{\"math\":1.5,\"art\":1.0E7},\"codes\":{1:true,-2:false},\"active\":true}",
            Write(Samples.CustomerValue(), Samples.Customer));
    }

    [Fact]
    public void Null_is_written_as_no_bytes_and_no_bytes_read_as_no_schema_and_no_value()
    {
        Assert.Null(_converter.FromConnectHeader(Topic, "h", Schema.OptionalString, null));
        Assert.Equal(SchemaAndValue.Null, _converter.ToConnectHeader(Topic, "h", null));
    }

    [Fact]
    public void A_value_without_a_text_form_is_rejected()
    {
        Assert.Throws<DataException>(() => Write(Guid.Empty));
    }

    // Each case is the text, then the schema and value Kafka Connect's SimpleHeaderConverter read from it (same notation).
    [Theory]
    [InlineData("", "STRING | String:")]
    [InlineData("  ", "STRING | String:  ")]
    [InlineData("null", "null | null")]
    [InlineData(" true ", "BOOLEAN | Boolean:true")]
    [InlineData("false]", "STRING | String:false]")]
    [InlineData("42", "INT8 | Byte:42")]
    [InlineData("300", "INT16 | Short:300")]
    [InlineData("70000", "INT32 | Integer:70000")]
    [InlineData("5000000000", "INT64 | Long:5000000000")]
    [InlineData("12345678901234567890", "BYTES(org.apache.kafka.connect.data.Decimal) | BigDecimal:12345678901234567890")]
    [InlineData("1.0", "INT8 | Byte:1")]
    [InlineData("1.1", "FLOAT32 | Float:1.1")]
    [InlineData("-3.25", "FLOAT32 | Float:-3.25")]
    [InlineData("1e3", "INT16 | Short:1000")]
    [InlineData("1.5e-3", "FLOAT32 | Float:0.0015")]
    [InlineData("1E39", "FLOAT64 | Double:1.0E39")]
    [InlineData("+5", "INT8 | Byte:5")]
    [InlineData("-0", "INT8 | Byte:0")]
    [InlineData("0012", "INT8 | Byte:12")]
    [InlineData(".5", "STRING | String:.5")]
    [InlineData("1.5f", "STRING | String:1.5f")]
    [InlineData("abc", "STRING | String:abc")]
    [InlineData("\"quoted\"", "STRING | String:\"quoted\"")]
    [InlineData("2019-08-23", "INT32(org.apache.kafka.connect.data.Date) | Date:1566518400000")]
    [InlineData("14:34:54.346Z", "INT32(org.apache.kafka.connect.data.Time) | Date:52494346")]
    [InlineData("2019-08-23T14:34:54.346Z", "INT64(org.apache.kafka.connect.data.Timestamp) | Date:1566570894346")]
    [InlineData("14\\:34\\:54.346Z", "INT32(org.apache.kafka.connect.data.Time) | Date:52494346")]
    [InlineData("[1, 2, 300]", "ARRAY<INT16> | [Short:1;Short:2;Short:300;]")]
    [InlineData("[1, 1.5]", "ARRAY<FLOAT32> | [Float:1.0;Float:1.5;]")]
    [InlineData("[true,false]", "ARRAY<BOOLEAN> | [Boolean:true;Boolean:false;]")]
    [InlineData("[0012]", "ARRAY<INT8> | [Byte:12;]")]
    [InlineData("[1,]", "ARRAY<INT8> | [Byte:1;]")]
    [InlineData("[1, null]", "STRING | String:[1, null]")]
    [InlineData("[1, 2, 3,,,]", "STRING | String:[1, 2, 3,,,]")]
    [InlineData("[.5]", "STRING | String:[.5]")]
    [InlineData("{foo: 3}", "STRING | String:{foo: 3}")]
    [InlineData("[2019-08-23T14:34:54.346Z,2019-01-23T15:12:34.567Z]", "ARRAY<INT64> | [Date:1566570894346;Date:1548256354567;]")]
    [InlineData("[\"2019-08-23\"]", "ARRAY<INT32> | [Date:1566518400000;]")]
    [InlineData("{\"foo\":\"123\",\"bar\":\"baz\"}", "MAP<STRING,STRING> | {String:foo=String:123;String:bar=String:baz;}")]
    [InlineData("{ \"foo\" : \"123\", \n\"bar\" : \"baz\" } ", "MAP<STRING,STRING> | {String:foo=String:123;String:bar=String:baz;}")]
    [InlineData("{\"a\":1,\"b\":null}", "STRING | String:{\"a\":1,\"b\":null}")]
    [InlineData("{1:2, 3:400}", "MAP<INT8,INT16> | {Byte:1=Short:2;Byte:3=Short:400;}")]
    [InlineData("{\"k\":[1,2]}", "MAP<STRING,ARRAY> | {String:k=[Byte:1;Byte:2;];}")]
    [InlineData("{\"a\":1 \"b\":2}", "MAP<STRING,INT8> | {String:a=Byte:1;String:b=Byte:2;}")]
    public void Header_text_is_parsed_into_the_schema_and_value_kafka_connect_infers(string text, string expected)
    {
        Assert.Equal(expected, Describe(Read(text)));
    }

    // Where the SDK cannot express Kafka's answer, or Kafka's answer loses data, the result differs on purpose.
    [Theory]
    [InlineData("[null]", "null | [null;]")] // Kafka: an array schema with no element schema
    [InlineData("[]", "null | []")]
    [InlineData("{}", "null | {}")]
    [InlineData("{\"a\":null}", "null | {String:a=null;}")]
    [InlineData("[\"a\",1]", "null | [String:a;Byte:1;]")]
    [InlineData("{\"id\":1,\"name\":\"x\"}", "null | {String:id=Byte:1;String:name=String:x;}")]
    [InlineData("[[1],[300]]", "null | [[Byte:1;];[Short:300;];]")] // Kafka: array<array<int16>> holding an int8
    [InlineData("1,2", "STRING | String:1,2")] // Kafka: the int8 1
    [InlineData("12:30", "STRING | String:12:30")] // Kafka: the int8 12
    [InlineData("[\"a\\\"b\"]", "ARRAY<STRING> | [String:a\"b;]")] // Kafka keeps the backslash it wrote
    [InlineData("[\" \"]", "ARRAY<STRING> | [String: ;]")] // Kafka drops the space
    [InlineData("2024-13-45", "STRING | String:2024-13-45")] // Kafka rolls over into 2025-02-14
    [InlineData("1e400", "STRING | String:1e400")] // Kafka: a Decimal; beyond a .NET decimal
    public void Header_text_that_kafka_connect_reads_differently_is_documented_here(string text, string expected)
    {
        Assert.Equal(expected, Describe(Read(text)));
    }

    public static TheoryData<Schema, object> RoundTrips => new()
    {
        { Schema.String, "simple" },
        { Schema.String, "three\"blind\\\"mice" },
        { Schema.String, "string with delimiters: <>?,./\\=+-!@#$%^&*(){}[]|;':" },
        { Schema.Boolean, false },
        { Schema.Int8, (sbyte)-5 },
        { Schema.Int16, (short)12345 },
        { Schema.Int32, 1234567890 },
        { Schema.Int64, 9_000_000_000L },
        { Schema.Float32, 1.5f },
        { Schema.Float64, 1e300 },
        { ConnectDate.Schema, new DateOnly(2024, 5, 1) },
        { ConnectTime.Schema, new TimeOnly(13, 45, 0, 123) },
        { ConnectTimestamp.Schema, new DateTimeOffset(2024, 5, 1, 13, 45, 0, 123, TimeSpan.Zero) },
        { SchemaBuilder.Map(Schema.String, Schema.String).Build(), new Dictionary<string, object?> { ["foo"] = "123", ["bar"] = "baz" } },
        { SchemaBuilder.Map(Schema.String, Schema.Int16).Build(), new Dictionary<string, object?> { ["foo"] = (short)12345, ["bar"] = (short)0, ["baz"] = (short)-4321 } },
        { SchemaBuilder.Map(Schema.String, Schema.Int32).Build(), new Dictionary<string, object?> { ["foo"] = 1234567890, ["bar"] = 0, ["baz"] = -987654321 } },
        { SchemaBuilder.Array(Schema.String).Build(), new List<object?> { "foo", "bar" } },
        { SchemaBuilder.Array(Schema.Int32).Build(), new List<object?> { 1234567890, -987654321 } },
        { SchemaBuilder.Array(SchemaBuilder.Array(Schema.Int64).Build()).Build(), new List<object?> { new List<object?> { 9_000_000_000L }, new List<object?> { 9_000_000_001L } } },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Values_whose_text_is_unambiguous_round_trip_with_their_schema(Schema schema, object value)
    {
        var read = _converter.ToConnectHeader(Topic, "h", _converter.FromConnectHeader(Topic, "h", schema, value));

        Assert.Equal(schema, read.Schema);
        Assert.Equal(value, read.Value);
    }

    [Fact]
    public void Empty_string_round_trips_as_an_empty_string()
    {
        Assert.Equal(new SchemaAndValue(Schema.String, ""), _converter.ToConnectHeader(Topic, "h", _converter.FromConnectHeader(Topic, "h", Schema.String, "")));
    }

    [Fact]
    public void Struct_comes_back_as_a_map_of_its_fields()
    {
        var read = Read(Write(Samples.AddressValue()));

        Assert.Equal(new Dictionary<string, object?> { ["street"] = "Main \"St\"", ["zip"] = (short)12345 }, read.Value);
    }

    [Fact]
    public void Bytes_come_back_as_their_base64_text()
    {
        Assert.Equal(new SchemaAndValue(Schema.String, "AQID"), Read(Write(new byte[] { 1, 2, 3 })));
    }

    // The notation of the Kafka Connect run: schema type (logical name) <element types> | value type:value.
    private static string Describe(SchemaAndValue read) => $"{DescribeSchema(read.Schema)} | {DescribeValue(read.Value)}";

    private static string DescribeSchema(Schema? schema)
    {
        if (schema is null)
        {
            return "null";
        }

        var text = schema.Type.ToString().ToUpperInvariant() + (schema.Name is null ? "" : $"({schema.Name})");
        return schema.Type switch
        {
            SchemaType.Array => $"{text}<{Upper(schema.ValueSchema)}>",
            SchemaType.Map => $"{text}<{Upper(schema.KeySchema)},{Upper(schema.ValueSchema)}>",
            _ => text,
        };

        static string Upper(Schema? s) => s is null ? "null" : s.Type.ToString().ToUpperInvariant();
    }

    private static string DescribeValue(object? value) => value switch
    {
        null => "null",
        string s => $"String:{s}",
        bool b => $"Boolean:{(b ? "true" : "false")}",
        sbyte n => $"Byte:{n}",
        short n => $"Short:{n}",
        int n => $"Integer:{n}",
        long n => $"Long:{n}",
        float f => $"Float:{JavaNumberText.Format(f)}",
        double d => $"Double:{JavaNumberText.Format(d)}",
        decimal m => $"BigDecimal:{m.ToString(CultureInfo.InvariantCulture)}",
        DateOnly d => $"Date:{(long)ConnectDate.FromLogical(d) * 86_400_000L}",
        TimeOnly t => $"Date:{ConnectTime.FromLogical(t)}",
        DateTimeOffset t => $"Date:{t.ToUnixTimeMilliseconds()}",
        IDictionary map => "{" + string.Concat(map.Keys.Cast<object>().Select(k => $"{DescribeValue(k)}={DescribeValue(map[k])};")) + "}",
        IList list => "[" + string.Concat(list.Cast<object?>().Select(e => DescribeValue(e) + ";")) + "]",
        _ => $"{value.GetType().Name}:{value}",
    };
}
