using DeltaConnect.Sdk.Data;
using static DeltaConnect.Schemas.Tests.TestConverters;

namespace DeltaConnect.Schemas.Tests;

public sealed class JsonConverterSchemalessTests
{
    [Fact]
    public void Plain_json_is_inferred_as_maps_lists_longs_doubles_strings_and_booleans()
    {
        var read = NewJson(schemas: false).FromJson("{\"id\":42,\"price\":12.5,\"big\":1e3,\"name\":\"x\",\"ok\":true,\"none\":null,\"tags\":[1,\"2\",3.0],\"nested\":{}}");

        Assert.Null(read.Schema);
        var map = Assert.IsType<Dictionary<string, object?>>(read.Value);
        Assert.Equal(42L, map["id"]);
        Assert.Equal(12.5, map["price"]);
        Assert.Equal(1000.0, map["big"]);
        Assert.Equal("x", map["name"]);
        Assert.Equal(true, map["ok"]);
        Assert.Null(map["none"]);
        Assert.Equal(new List<object?> { 1L, "2", 3.0 }, Assert.IsType<List<object?>>(map["tags"]));
        Assert.Empty(Assert.IsType<Dictionary<string, object?>>(map["nested"]));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("12", 12L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("12.24", 12.24)]
    [InlineData("\"a string\"", "a string")]
    public void Plain_json_primitives_are_inferred(string json, object expected)
    {
        Assert.Equal(new SchemaAndValue(null, expected), NewJson(schemas: false).FromJson(json));
    }

    [Fact]
    public void Envelope_with_a_null_schema_infers_the_payload()
    {
        Assert.Equal(new List<object?> { 1L, "2", 3L }, NewJson().FromJson("{ \"schema\": null, \"payload\": [1, \"2\", 3] }").Value);
        Assert.Equal(12.24, NewJson().FromJson("{ \"schema\": null, \"payload\": 12.24 }").Value);
    }

    [Fact]
    public void An_envelope_is_only_a_map_when_schemas_are_disabled()
    {
        var read = NewJson(schemas: false).FromJson("{\"schema\":{\"type\":\"int32\"},\"payload\":1}");

        var map = Assert.IsType<Dictionary<string, object?>>(read.Value);
        Assert.Equal(1L, map["payload"]);
    }

    [Fact]
    public void Schemaless_dotnet_values_round_trip_as_their_json_types()
    {
        var value = new Dictionary<string, object?>
        {
            ["list"] = new List<object?> { 1L, 2.5, "s", false, null },
            ["map"] = new Dictionary<string, object?> { ["k"] = "v" },
        };

        var read = NewJson(schemas: false).RoundTrip(null, value);

        var map = Assert.IsType<Dictionary<string, object?>>(read.Value);
        Assert.Equal(value["list"], map["list"]);
        Assert.Equal(value["map"], map["map"]);
    }
}
