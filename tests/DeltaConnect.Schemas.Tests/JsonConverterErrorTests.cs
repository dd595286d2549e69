using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using static DeltaConnect.Schemas.Tests.TestConverters;

namespace DeltaConnect.Schemas.Tests;

public sealed class JsonConverterErrorTests
{
    private const string EnvelopeMessage =
        "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not contain additional fields." +
        " If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.";

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schema\":null,\"payload\":1")]
    [InlineData("{\"schema\":null,\"payload\":1} trailing")]
    [InlineData("\u00ff\u00fe")]
    public void Bytes_that_are_not_json_are_rejected_as_a_serialization_error(string input)
    {
        var error = Assert.Throws<DataException>(() => NewJson().FromJson(input));

        Assert.StartsWith("Converting byte[] to Kafka Connect data failed due to serialization error: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("{\"schema\":null,\"payload\":1,\"extra\":2}")]
    [InlineData("{\"schema\":null}")]
    [InlineData("[1,2]")]
    [InlineData("42")]
    [InlineData("")]
    [InlineData("  ")]
    public void Json_without_the_envelope_is_rejected_with_the_fix_when_schemas_are_enabled(string input)
    {
        var error = Assert.Throws<DataException>(() => NewJson().FromJson(input));

        Assert.Equal(EnvelopeMessage, error.Message);
    }

    [Theory]
    [InlineData("{\"type\":\"int32\"}", "\"abc\"", "Invalid value for int32 field: expected an integer but found STRING")]
    [InlineData("{\"type\":\"int8\"}", "300", "Invalid value for int8 field: 300 is not an integer between -128 and 127")]
    [InlineData("{\"type\":\"int64\"}", "1.5", "Invalid value for int64 field: 1.5 is not an integer between -9223372036854775808 and 9223372036854775807")]
    [InlineData("{\"type\":\"int32\"}", "null", "Invalid null value for required int32 field")]
    [InlineData("{\"type\":\"boolean\"}", "1", "Invalid value for boolean field: expected true or false but found NUMBER")]
    [InlineData("{\"type\":\"string\"}", "1", "Invalid value for string field: expected a string but found NUMBER")]
    [InlineData("{\"type\":\"double\"}", "\"1.5\"", "Invalid value for double field: expected a number but found STRING")]
    [InlineData("{\"type\":\"bytes\"}", "\"not base64!\"", "Invalid bytes field: expected a base64 string but found STRING")]
    [InlineData("{\"type\":\"array\",\"items\":{\"type\":\"int32\"}}", "{}", "Invalid value for array field: expected a JSON array but found OBJECT")]
    [InlineData("{\"type\":\"map\",\"keys\":{\"type\":\"string\"},\"values\":{\"type\":\"int32\"}}", "[]", "Maps with string fields should be encoded as JSON objects, but found ARRAY")]
    [InlineData("{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"int32\"}}", "{}", "Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT")]
    [InlineData("{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"int32\"}}", "[[1,2,3]]", "Found invalid map entry, expected length 2 but found :3 (at [0])")]
    [InlineData("{\"type\":\"struct\",\"fields\":[]}", "[]", "Structs should be encoded as JSON objects, but found ARRAY")]
    [InlineData("{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\"}", "\"2024-01-01\"", "Invalid type for Date, underlying representation should be integer but was STRING")]
    [InlineData("{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\"}", "86400000", "Time values must use number of milliseconds greater than 0 and less than 86400000, not 86400000")]
    [InlineData("{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{\"scale\":\"0\"}}", "true", "Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN")]
    public void Payload_that_does_not_fit_its_schema_is_rejected_naming_the_type(string schema, string payload, string message)
    {
        var error = Assert.Throws<DataException>(() => NewJson().FromJson($"{{\"schema\":{schema},\"payload\":{payload}}}"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Errors_inside_a_struct_name_the_path_of_the_field()
    {
        var json = NewJson().ToJson(Samples.Customer, Samples.CustomerValue()).Replace("\"zip\":12345", "\"zip\":\"12345\"", StringComparison.Ordinal);

        var error = Assert.Throws<DataException>(() => NewJson().FromJson(json));

        Assert.Equal("Invalid value for int32 field: expected an integer but found STRING (at address.zip)", error.Message);
    }

    [Fact]
    public void Decimal_beyond_the_range_of_a_dotnet_decimal_is_rejected_rather_than_rounded()
    {
        // 2^100 as unscaled bytes: more than 96 bits.
        var bytes = System.Convert.ToBase64String([0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

        var error = Assert.Throws<DataException>(() => NewJson().FromJson(
            $"{{\"schema\":{{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{{\"scale\":\"2\"}}}},\"payload\":\"{bytes}\"}}"));

        Assert.Contains("does not fit a .NET decimal", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"optional\":true}", "Schema must contain 'type' field")]
    [InlineData("{\"type\":1}", "Schema must contain 'type' field")]
    [InlineData("\"int32\"", "Schema must contain 'type' field")]
    [InlineData("{\"type\":\"int128\"}", "Unknown schema type: int128")]
    [InlineData("{\"type\":\"array\"}", "Array schema did not specify the element type")]
    [InlineData("{\"type\":\"map\",\"values\":{\"type\":\"int32\"}}", "Map schema did not specify the key type")]
    [InlineData("{\"type\":\"map\",\"keys\":{\"type\":\"int32\"}}", "Map schema did not specify the value type")]
    [InlineData("{\"type\":\"struct\"}", "Struct schema's \"fields\" argument is not an array.")]
    [InlineData("{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\"}]}", "Struct schema's field name not specified properly")]
    [InlineData("{\"type\":\"int32\",\"parameters\":{\"a\":1}}", "Schema parameters must have string values.")]
    [InlineData("{\"type\":\"int32\",\"default\":null}", "Invalid null value for required int32 field")]
    public void Invalid_schema_json_is_rejected_with_kafka_connect_messages(string schema, string message)
    {
        var error = Assert.Throws<DataException>(() => NewJson().FromJson($"{{\"schema\":{schema},\"payload\":null}}"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Writing_a_value_of_the_wrong_type_for_its_schema_is_rejected()
    {
        var error = Assert.Throws<DataException>(() => NewJson().ToJson(Schema.Int32, "42"));

        Assert.Equal("Invalid type for int32: System.String", error.Message);
    }

    [Fact]
    public void Writing_null_for_a_required_field_without_default_names_the_field()
    {
        var schema = SchemaBuilder.Struct().Field("outer", SchemaBuilder.Struct().Field("id", Schema.Int32).Build()).Build();
        var inner = new Struct(schema.Field("outer")!.Schema);
        var value = new Struct(schema);
        typeof(Struct).GetField("_values", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .SetValue(value, new object?[] { inner });

        var error = Assert.Throws<DataException>(() => NewJson().ToJson(schema, value));

        Assert.Equal("Conversion error: null value for field that is required and has no default value (at outer.id)", error.Message);
    }

    [Fact]
    public void Writing_a_required_null_at_the_top_level_is_rejected()
    {
        var error = Assert.Throws<DataException>(() => NewJson().ToJson(Schema.String, null));

        Assert.Equal("Conversion error: null value for field that is required and has no default value", error.Message);
    }

    [Fact]
    public void Writing_a_struct_of_another_schema_is_rejected()
    {
        var error = Assert.Throws<DataException>(() => NewJson().ToJson(Samples.Customer, Samples.AddressValue()));

        Assert.StartsWith("Mismatching schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_logical_value_of_the_wrong_dotnet_type_names_the_expected_type()
    {
        var error = Assert.Throws<DataException>(() => NewJson().ToJson(ConnectDate.Schema, 19844));

        Assert.Equal("Invalid type for Date, expected DateOnly but was System.Int32", error.Message);
    }

    [Fact]
    public void Writing_a_schemaless_value_of_an_unknown_dotnet_type_is_rejected()
    {
        var error = Assert.Throws<DataException>(() => NewJson().ToJson(null, Guid.Empty));

        Assert.StartsWith(".NET type System.Guid does not have a corresponding schema type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_string_with_a_lone_surrogate_escapes_it_as_jackson_does()
    {
        Assert.Equal("\"a\\uD800b\\uDC00\"", NewJson(schemas: false).ToJson(Schema.String, "a\uD800b\uDC00"));
    }

    [Fact]
    public void A_failed_write_leaves_the_converter_usable()
    {
        var converter = NewJson();
        Assert.Throws<DataException>(() => converter.ToJson(Samples.Customer, Samples.AddressValue()));

        Assert.Equal("{\"schema\":{\"type\":\"int32\",\"optional\":false},\"payload\":1}", converter.ToJson(Schema.Int32, 1));
    }
}
