using DeltaConnect.Sdk.Data;
using static DeltaConnect.Schemas.Tests.TestConverters;

namespace DeltaConnect.Schemas.Tests;

// Every expected string here is what Kafka Connect 3.9's JsonConverter produced for the same schema and value.
public sealed class JsonConverterWriteTests
{
    [Fact]
    public void Int32_is_written_in_the_schema_envelope_exactly_as_kafka_connect_writes_it()
    {
        Assert.Equal("{\"schema\":{\"type\":\"int32\",\"optional\":false},\"payload\":42}", NewJson().ToJson(Schema.Int32, 42));
    }

    [Fact]
    public void Struct_with_nested_struct_array_and_maps_is_written_byte_for_byte_like_kafka_connect()
    {
        var json = NewJson().ToJson(Samples.Customer, Samples.CustomerValue());

        Assert.Equal("{\"schema\":" + Samples.CustomerSchemaJson + ",\"payload\":" + Samples.CustomerPayloadJson + "}", json);
    }

    [Fact]
    public void Struct_without_schemas_enabled_is_plain_json_of_the_payload()
    {
        Assert.Equal(Samples.CustomerPayloadJson, NewJson(schemas: false).ToJson(Samples.Customer, Samples.CustomerValue()));
    }

    [Theory]
    [InlineData("int8", "{\"schema\":{\"type\":\"int8\",\"optional\":false},\"payload\":-5}")]
    [InlineData("int16", "{\"schema\":{\"type\":\"int16\",\"optional\":false},\"payload\":300}")]
    [InlineData("int64", "{\"schema\":{\"type\":\"int64\",\"optional\":false},\"payload\":-9223372036854775808}")]
    [InlineData("boolean", "{\"schema\":{\"type\":\"boolean\",\"optional\":true},\"payload\":false}")]
    [InlineData("float", "{\"schema\":{\"type\":\"float\",\"optional\":false},\"payload\":1.5}")]
    [InlineData("double", "{\"schema\":{\"type\":\"double\",\"optional\":false},\"payload\":1.0E-7}")]
    [InlineData("bytes", "{\"schema\":{\"type\":\"bytes\",\"optional\":false},\"payload\":\"AAEC//4=\"}")]
    public void Primitive_types_are_written_with_kafka_connect_type_names(string type, string expected)
    {
        var (schema, value) = type switch
        {
            "int8" => (Schema.Int8, (object)(sbyte)-5),
            "int16" => (Schema.Int16, (short)300),
            "int64" => (Schema.Int64, long.MinValue),
            "boolean" => (Schema.OptionalBoolean, false),
            "float" => (Schema.Float32, 1.5f),
            "double" => (Schema.Float64, 1e-7),
            _ => (Schema.Bytes, new byte[] { 0, 1, 2, 0xFF, 0xFE }),
        };

        Assert.Equal(expected, NewJson().ToJson(schema, value));
    }

    [Fact]
    public void Schema_name_version_doc_and_parameters_follow_the_type_in_kafka_order()
    {
        var schema = SchemaBuilder.String().Name("n").Version(3).Doc("the doc").Parameter("b", "2").Parameter("a", "1").Build();

        Assert.Equal(
            "{\"schema\":{\"type\":\"string\",\"optional\":false,\"name\":\"n\",\"version\":3,\"doc\":\"the doc\",\"parameters\":{\"b\":\"2\",\"a\":\"1\"}},\"payload\":\"v\"}",
            NewJson().ToJson(schema, "v"));
    }

    [Fact]
    public void Array_of_structs_writes_the_item_schema_under_items()
    {
        var schema = SchemaBuilder.Array(Samples.Address).Build();

        Assert.Equal(
            "{\"schema\":{\"type\":\"array\",\"items\":{\"type\":\"struct\",\"fields\":[{\"type\":\"string\",\"optional\":false,\"field\":\"street\"},{\"type\":\"int32\",\"optional\":true,\"field\":\"zip\"}],\"optional\":false,\"name\":\"shop.Address\"},\"optional\":false}," +
            "\"payload\":[{\"street\":\"Main \\\"St\\\"\",\"zip\":12345}]}",
            NewJson().ToJson(schema, new List<object?> { Samples.AddressValue() }));
    }

    [Fact]
    public void Defaults_are_written_in_the_schema_and_replace_missing_values_in_the_payload()
    {
        var schema = SchemaBuilder.Struct().Name("d")
            .Field("n", SchemaBuilder.Int32().DefaultValue(5).Build())
            .Field("s", SchemaBuilder.String().Optional().DefaultValue("x").Doc("d").Build())
            .Field("dt", ConnectDate.Builder().DefaultValue(new DateOnly(1970, 1, 2)).Build())
            .Field("dec", ConnectDecimal.Builder(2).DefaultValue(1.25m).Build())
            .Build();
        const string Fields =
            "{\"type\":\"int32\",\"optional\":false,\"default\":5,\"field\":\"n\"}," +
            "{\"type\":\"string\",\"optional\":true,\"doc\":\"d\",\"default\":\"x\",\"field\":\"s\"}," +
            "{\"type\":\"int32\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1,\"default\":1,\"field\":\"dt\"},";

        Assert.Equal(
            "{\"schema\":{\"type\":\"struct\",\"fields\":[" + Fields +
            "{\"type\":\"bytes\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\"},\"default\":\"fQ==\",\"field\":\"dec\"}],\"optional\":false,\"name\":\"d\"}," +
            "\"payload\":{\"n\":5,\"s\":\"x\",\"dt\":1,\"dec\":\"fQ==\"}}",
            NewJson().ToJson(schema, new Struct(schema)));
        Assert.Equal(
            "{\"schema\":{\"type\":\"struct\",\"fields\":[" + Fields +
            "{\"type\":\"bytes\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\"},\"default\":1.25,\"field\":\"dec\"}],\"optional\":false,\"name\":\"d\"}," +
            "\"payload\":{\"n\":5,\"s\":\"x\",\"dt\":1,\"dec\":1.25}}",
            NewJson(decimalFormat: "NUMERIC").ToJson(schema, new Struct(schema)));
    }

    [Fact]
    public void Null_with_a_default_is_written_as_null_when_replace_null_with_default_is_off()
    {
        var schema = SchemaBuilder.Struct().Field("n", SchemaBuilder.Int32().Optional().DefaultValue(5).Build()).Build();

        Assert.Equal("{\"n\":5}", NewJson(schemas: false).ToJson(schema, new Struct(schema)));
        Assert.Equal("{\"n\":null}", NewJson(schemas: false, replaceNullWithDefault: false).ToJson(schema, new Struct(schema)));
    }

    [Theory]
    [InlineData("BASE64", 4, "10.2345", false, "\"AY/J\"")]
    [InlineData("NUMERIC", 4, "10.2345", false, "10.2345")]
    [InlineData("BASE64", 2, "-1.50", true, "\"/2o=\"")]
    [InlineData("NUMERIC", 2, "-1.5", true, "-1.50")]
    [InlineData("NUMERIC", 10, "0.0000001", false, "1.000E-7")]
    [InlineData("NUMERIC", 8, "0", false, "0E-8")]
    [InlineData("NUMERIC", -2, "1200", false, "1.2E+3")]
    [InlineData("BASE64", -2, "1200", false, "\"DA==\"")]
    [InlineData("BASE64", 3, "-123456789012345678901234.567", false, "\"meECDqcNV9NgtHk=\"")]
    public void Decimal_is_written_as_base64_unscaled_bytes_or_as_a_number_at_the_schema_scale(string format, int scale, string value, bool withPrecision, string payload)
    {
        var builder = ConnectDecimal.Builder(scale);
        if (withPrecision)
        {
            builder.Optional().Parameter("connect.decimal.precision", "10");
        }

        var schema = builder.Build();
        var parameters = withPrecision
            ? $"{{\"scale\":\"{scale}\",\"connect.decimal.precision\":\"10\"}}"
            : $"{{\"scale\":\"{scale}\"}}";
        var expectedSchema = $"{{\"type\":\"bytes\",\"optional\":{(withPrecision ? "true" : "false")},\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{parameters}}}";

        var json = NewJson(decimalFormat: format).ToJson(schema, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal($"{{\"schema\":{expectedSchema},\"payload\":{payload}}}", json);
    }

    [Fact]
    public void Decimal_with_more_digits_than_the_scale_is_rounded_half_away_from_zero()
    {
        var schema = ConnectDecimal.Schema(1);

        Assert.Equal("0.3", NewJson(schemas: false, decimalFormat: "numeric").ToJson(schema, 0.25m));
        Assert.Equal("-0.3", NewJson(schemas: false, decimalFormat: "numeric").ToJson(schema, -0.25m));
    }

    [Fact]
    public void Date_time_and_timestamp_are_written_as_days_milliseconds_of_day_and_epoch_milliseconds()
    {
        Assert.Equal(
            "{\"schema\":{\"type\":\"int32\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1},\"payload\":19844}",
            NewJson().ToJson(ConnectDate.Schema, new DateOnly(2024, 5, 1)));
        Assert.Equal(
            "{\"schema\":{\"type\":\"int32\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Time\",\"version\":1},\"payload\":49500123}",
            NewJson().ToJson(ConnectTime.Schema, new TimeOnly(13, 45, 0, 123)));
        Assert.Equal(
            "{\"schema\":{\"type\":\"int64\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},\"payload\":1714571100123}",
            NewJson().ToJson(ConnectTimestamp.Schema, new DateTimeOffset(2024, 5, 1, 13, 45, 0, 123, TimeSpan.Zero)));
        Assert.Equal(
            "{\"schema\":{\"type\":\"int64\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},\"payload\":-1234}",
            NewJson().ToJson(ConnectTimestamp.Builder().Optional().Build(), DateTimeOffset.FromUnixTimeMilliseconds(-1234)));
    }

    [Fact]
    public void Timestamp_in_another_offset_is_written_as_the_same_instant()
    {
        Assert.Equal("1714571100123", NewJson(schemas: false).ToJson(ConnectTimestamp.Schema, new DateTimeOffset(2024, 5, 1, 15, 45, 0, 123, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData(12.34f, "12.34")]
    [InlineData(1.0f, "1.0")]
    [InlineData(0.1f, "0.1")]
    [InlineData(1e10f, "1.0E10")]
    [InlineData(1.2345678e7f, "1.2345678E7")]
    [InlineData(1e-4f, "1.0E-4")]
    [InlineData(0.001f, "0.001")]
    [InlineData(9999999f, "9999999.0")]
    [InlineData(float.MaxValue, "3.4028235E38")]
    [InlineData(float.Epsilon, "1.4E-45")]
    [InlineData(-0.0f, "-0.0")]
    [InlineData(123456.7f, "123456.7")]
    [InlineData(16777216f, "1.6777216E7")]
    [InlineData(float.NaN, "\"NaN\"")]
    public void Float_is_written_as_java_writes_it(float value, string expected)
    {
        Assert.Equal(expected, NewJson(schemas: false).ToJson(Schema.Float32, value));
    }

    [Theory]
    [InlineData(12.34, "12.34")]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(9999999.999, "9999999.999")]
    [InlineData(1e-3, "0.001")]
    [InlineData(9.99e-4, "9.99E-4")]
    [InlineData(1e-5, "1.0E-5")]
    [InlineData(1.5e-5, "1.5E-5")]
    [InlineData(1e20, "1.0E20")]
    [InlineData(1.2345678901234567e21, "1.2345678901234568E21")]
    [InlineData(123456789012345680.0, "1.2345678901234568E17")]
    [InlineData(double.MaxValue, "1.7976931348623157E308")]
    [InlineData(double.Epsilon, "4.9E-324")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(2.0 / 3, "0.6666666666666666")]
    [InlineData(4.35, "4.35")]
    [InlineData(0.3, "0.3")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    public void Double_is_written_as_java_writes_it(double value, string expected)
    {
        Assert.Equal(expected, NewJson(schemas: false).ToJson(Schema.Float64, value));
    }

    [Fact]
    public void Strings_are_escaped_as_jackson_escapes_them()
    {
        var value = "q\"b\\s/ n\n t\t r\r b\b f\f c\u0001 d\u007f é € 😀 <>&' \u2028";

        Assert.Equal(
            "\"q\\\"b\\\\s/ n\\n t\\t r\\r b\\b f\\f c\\u0001 d\u007f é € \\uD83D\\uDE00 <>&' \u2028\"",
            NewJson(schemas: false).ToJson(Schema.String, value));
    }

    [Fact]
    public void Field_names_and_map_keys_are_escaped_like_string_values()
    {
        var schema = SchemaBuilder.Struct().Field("a\"b", SchemaBuilder.Map(Schema.String, Schema.Int32).Build()).Build();
        var value = new Struct(schema).Put("a\"b", new Dictionary<string, object?> { ["é\n"] = 1 });

        Assert.Equal("{\"a\\\"b\":{\"é\\n\":1}}", NewJson(schemas: false).ToJson(schema, value));
    }

    [Fact]
    public void Null_without_a_schema_is_a_tombstone()
    {
        Assert.Null(NewJson().FromConnectData(Topic, new(), null, null));
        Assert.Null(NewJson(schemas: false).FromConnectData(Topic, new(), null, null));
    }

    [Fact]
    public void Null_with_an_optional_schema_is_an_envelope_with_a_null_payload_as_in_kafka_connect()
    {
        Assert.Equal("{\"schema\":{\"type\":\"string\",\"optional\":true},\"payload\":null}", NewJson().ToJson(Schema.OptionalString, null));
        Assert.Equal("null", NewJson(schemas: false).ToJson(Schema.OptionalString, null));
    }

    [Fact]
    public void Schemaless_values_are_written_with_a_null_schema_and_inferred_json_types()
    {
        var map = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { true, null, "x" } };

        Assert.Equal("{\"schema\":null,\"payload\":7}", NewJson().ToJson(null, 7));
        Assert.Equal("{\"schema\":null,\"payload\":{\"a\":1,\"b\":[true,null,\"x\"]}}", NewJson().ToJson(null, map));
    }

    [Fact]
    public void Schemaless_map_with_non_string_keys_is_written_as_key_value_pairs()
    {
        var map = new Dictionary<object, object?> { [1] = "one", [2] = "two" };

        Assert.Equal("[[1,\"one\"],[2,\"two\"]]", NewJson(schemas: false).ToJson(null, map));
    }

    [Fact]
    public void Read_only_memory_bytes_are_written_like_byte_arrays()
    {
        Assert.Equal("\"AQID\"", NewJson(schemas: false).ToJson(Schema.Bytes, new ReadOnlyMemory<byte>([1, 2, 3])));
    }
}
