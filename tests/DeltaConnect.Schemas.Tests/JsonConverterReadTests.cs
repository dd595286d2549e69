using DeltaConnect.Sdk.Data;
using static DeltaConnect.Schemas.Tests.TestConverters;

namespace DeltaConnect.Schemas.Tests;

public sealed class JsonConverterReadTests
{
    [Fact]
    public void Envelope_written_by_kafka_connect_reads_into_the_same_schema_and_struct()
    {
        var read = NewJson().FromJson("{\"schema\":" + Samples.CustomerSchemaJson + ",\"payload\":" + Samples.CustomerPayloadJson + "}");

        Assert.Equal(Samples.Customer, read.Schema);
        var customer = Assert.IsType<Struct>(read.Value);
        Assert.Equal(Samples.CustomerValue().Put("active", true), customer);
        Assert.Equal("Main \"St\"", customer.GetStruct("address")!.GetString("street"));
        Assert.Equal(new Dictionary<object, object?> { [1] = true, [-2] = false }, customer.GetMap("codes"));
    }

    [Fact]
    public void Schema_properties_are_read_back_name_version_doc_parameters_and_default()
    {
        var read = NewJson().FromJson(
            "{ \"schema\": { \"type\": \"boolean\", \"optional\": false, \"name\": \"bool\", \"version\": 2, \"doc\": \"the documentation\", \"parameters\": { \"foo\": \"bar\" }, \"default\": true }, \"payload\": null }");

        var expected = SchemaBuilder.Bool().Name("bool").Version(2).Doc("the documentation").Parameter("foo", "bar").DefaultValue(true).Build();
        Assert.Equal(expected, read.Schema);
        Assert.Equal(true, read.Value);
    }

    [Fact]
    public void Struct_with_optional_fields_round_trips_through_the_schema_envelope()
    {
        var schema = SchemaBuilder.Struct().Name("row")
            .Field("required", Schema.String)
            .Field("optional", Schema.OptionalString)
            .Field("nested", SchemaBuilder.Struct().Optional().Field("x", Schema.OptionalInt64).Build())
            .Build();
        var value = new Struct(schema).Put("required", "r");

        var read = NewJson().RoundTrip(schema, value);

        Assert.Equal(schema, read.Schema);
        Assert.Equal(value, read.Value);
        Assert.Null(((Struct)read.Value!).Get("optional"));
    }

    [Fact]
    public void Missing_struct_fields_read_as_null_or_their_default()
    {
        var read = NewJson().FromJson(
            "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"optional\",\"type\":\"string\",\"optional\":true},{\"field\":\"n\",\"type\":\"int32\",\"default\":7},{\"field\":\"required\",\"type\":\"string\"}]},\"payload\":{\"required\":\"r\"}}");

        var value = Assert.IsType<Struct>(read.Value);
        Assert.Null(value.Get("optional"));
        Assert.Equal(7, value.Get("n"));
        Assert.Equal("r", value.Get("required"));
    }

    [Fact]
    public void Struct_fields_in_another_order_than_the_schema_are_found_by_name()
    {
        var read = NewJson().FromJson(
            "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"a\",\"type\":\"int32\"},{\"field\":\"b\",\"type\":\"string\"},{\"field\":\"c\",\"type\":\"boolean\"}]},\"payload\":{\"c\":true,\"extra\":1,\"a\":1,\"b\":\"x\"}}");

        var value = Assert.IsType<Struct>(read.Value);
        Assert.Equal(1, value.Get("a"));
        Assert.Equal("x", value.Get("b"));
        Assert.Equal(true, value.Get("c"));
    }

    public static TheoryData<Schema, object?> EveryType => new()
    {
        { Schema.Int8, (sbyte)-128 },
        { Schema.Int16, (short)32767 },
        { Schema.Int32, int.MinValue },
        { Schema.Int64, long.MaxValue },
        { Schema.Float32, 3.4028235e38f },
        { Schema.Float32, float.NaN },
        { Schema.Float64, 0.1 + 0.2 },
        { Schema.Float64, double.PositiveInfinity },
        { Schema.Boolean, true },
        { Schema.String, "héllo \"wörld\" 😀\n" },
        { Schema.Bytes, new byte[] { 0, 255, 128, 7 } },
        { Schema.OptionalInt32, null },
        { SchemaBuilder.Array(Schema.OptionalString).Build(), new List<object?> { "a", null, "c" } },
        { SchemaBuilder.Map(Schema.String, Schema.Int64).Build(), new Dictionary<string, object?> { ["x"] = 1L, ["y"] = -2L } },
        { SchemaBuilder.Map(Schema.Int16, Schema.String).Build(), new Dictionary<object, object?> { [(short)1] = "one" } },
        { SchemaBuilder.Map(Samples.Address, SchemaBuilder.Array(Schema.Float32).Build()).Build(), new Dictionary<object, object?> { [Samples.AddressValue()] = new List<object?> { 1.5f } } },
        { ConnectDecimal.Schema(2), 12345.67m },
        { ConnectDecimal.Schema(0), -79228162514264337593543950335m },
        { ConnectDecimal.Schema(28), 0.0000000000000000000000000001m },
        { ConnectDate.Schema, new DateOnly(1969, 12, 31) },
        { ConnectDate.Schema, new DateOnly(9999, 12, 31) },
        { ConnectTime.Schema, new TimeOnly(23, 59, 59, 999) },
        { ConnectTimestamp.Schema, new DateTimeOffset(1900, 1, 1, 0, 0, 0, 1, TimeSpan.Zero) },
        { Samples.Customer, Samples.CustomerValue().Put("active", false) },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Every_schema_type_and_logical_type_round_trips_through_the_envelope(Schema schema, object? value)
    {
        foreach (var format in new[] { "BASE64", "NUMERIC" })
        {
            var read = NewJson(decimalFormat: format).RoundTrip(schema, value);

            Assert.Equal(schema, read.Schema);
            AssertSameData(value, read.Value);
        }
    }

    [Fact]
    public void Decimal_is_read_from_base64_or_from_a_number_whatever_the_configured_format()
    {
        const string Schema = "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\"}}";

        Assert.Equal(1.50m, NewJson().FromJson("{\"schema\":" + Schema + ",\"payload\":\"AJY=\"}").Value);
        Assert.Equal(1.5m, NewJson().FromJson("{\"schema\":" + Schema + ",\"payload\":1.5}").Value);
        Assert.Equal(0.0000001m, NewJson(decimalFormat: "NUMERIC").FromJson("{\"schema\":" + Schema + ",\"payload\":1.000E-7}").Value);
        Assert.Equal(1200m, NewJson().FromJson("{\"schema\":" + Schema + ",\"payload\":1.2E+3}").Value);
    }

    [Fact]
    public void Decimal_read_from_base64_keeps_the_schema_scale()
    {
        var value = (decimal)NewJson().FromJson("{\"schema\":{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{\"scale\":\"3\"}},\"payload\":\"AA==\"}").Value!;

        Assert.Equal("0.000", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Logical_values_read_from_kafka_connect_json_are_dotnet_date_time_and_instant()
    {
        Assert.Equal(new DateOnly(2024, 5, 1), NewJson().FromJson("{\"schema\":{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1},\"payload\":19844}").Value);
        Assert.Equal(new TimeOnly(13, 45, 0, 123), NewJson().FromJson("{\"schema\":{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\",\"version\":1},\"payload\":49500123}").Value);
        Assert.Equal(
            new DateTimeOffset(2024, 5, 1, 13, 45, 0, 123, TimeSpan.Zero),
            NewJson().FromJson("{\"schema\":{\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},\"payload\":1714571100123}").Value);
    }

    [Fact]
    public void No_bytes_read_as_no_schema_and_no_value()
    {
        Assert.Same(SchemaAndValue.Null, NewJson().ToConnectData(Topic, new(), null));
        Assert.Same(SchemaAndValue.Null, NewJson(schemas: false).ToConnectData(Topic, new(), null));
        Assert.Equal(SchemaAndValue.Null, NewJson(schemas: false).ToConnectData(Topic, new(), []));
    }

    [Fact]
    public void Null_schema_and_payload_read_as_no_schema_and_no_value()
    {
        Assert.Equal(SchemaAndValue.Null, NewJson().FromJson("{ \"schema\": null, \"payload\": null }"));
    }

    [Fact]
    public void Tombstone_round_trips_as_null_bytes()
    {
        var converter = NewJson();

        var bytes = converter.FromConnectData(Topic, new(), null, null);

        Assert.Null(bytes);
        Assert.Equal(SchemaAndValue.Null, converter.ToConnectData(Topic, new(), bytes));
    }

    [Fact]
    public void Null_payload_of_an_optional_schema_reads_as_the_schema_with_a_null_value()
    {
        var read = NewJson().FromJson("{ \"schema\": { \"type\": \"boolean\", \"optional\": true }, \"payload\": null }");

        Assert.Equal(Schema.OptionalBoolean, read.Schema);
        Assert.Null(read.Value);
    }

    [Fact]
    public void Key_converter_reads_and_writes_like_a_value_converter()
    {
        var converter = NewJson(isKey: true);

        Assert.Equal("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"k\"}", converter.ToJson(Schema.String, "k"));
        Assert.Equal("k", converter.FromJson("{\"schema\":{\"type\":\"string\"},\"payload\":\"k\"}").Value);
    }

    private static void AssertSameData(object? expected, object? actual)
    {
        switch (expected)
        {
            case float f when float.IsNaN(f):
                Assert.True(actual is float g && float.IsNaN(g), $"expected NaN, got {actual}");
                break;
            case decimal d:
                Assert.Equal(d, Assert.IsType<decimal>(actual));
                break;
            case System.Collections.IDictionary map when map.Keys.Cast<object>().FirstOrDefault() is Struct key:
                // Struct keys are compared by value: look the read-back key up by equality.
                var readMap = Assert.IsAssignableFrom<System.Collections.IDictionary>(actual);
                var readKey = Assert.Single(readMap.Keys.Cast<object>());
                Assert.Equal(key, readKey);
                Assert.Equal((System.Collections.IEnumerable)map[key]!, (System.Collections.IEnumerable)readMap[readKey]!);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }
}
