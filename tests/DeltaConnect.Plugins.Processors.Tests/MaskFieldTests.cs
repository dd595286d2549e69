using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class MaskFieldTests
{
    private static readonly Schema Schema = SchemaBuilder.Struct()
        .Field("magic", Sdk.Data.Schema.Int32)
        .Field("bool", Sdk.Data.Schema.Boolean)
        .Field("byte", Sdk.Data.Schema.Int8)
        .Field("short", Sdk.Data.Schema.Int16)
        .Field("int", Sdk.Data.Schema.Int32)
        .Field("long", Sdk.Data.Schema.Int64)
        .Field("float", Sdk.Data.Schema.Float32)
        .Field("double", Sdk.Data.Schema.Float64)
        .Field("string", Sdk.Data.Schema.String)
        .Field("date", ConnectDate.Schema)
        .Field("time", ConnectTime.Schema)
        .Field("timestamp", ConnectTimestamp.Schema)
        .Field("decimal", ConnectDecimal.Schema(0))
        .Field("array", SchemaBuilder.Array(Sdk.Data.Schema.Int32).Build())
        .Field("map", SchemaBuilder.Map(Sdk.Data.Schema.String, Sdk.Data.Schema.String).Build())
        .Field("withDefault", SchemaBuilder.String().Optional().DefaultValue("default").Build())
        .Build();

    private static Struct StructValue() => new Struct(Schema)
        .Put("magic", 42).Put("bool", true).Put("byte", (sbyte)42).Put("short", (short)42).Put("int", 42).Put("long", 42L)
        .Put("float", 42f).Put("double", 42d).Put("string", "hmm")
        .Put("date", new DateOnly(2024, 1, 31)).Put("time", new TimeOnly(12, 30)).Put("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(Timestamp))
        .Put("decimal", 42m).Put("array", new List<object?> { 1, 2, 3 }).Put("map", Map(("what", "what"))).Put("withDefault", null);

    private static Dictionary<string, object?> MapValue() => Map(
        ("magic", 42), ("bool", true), ("byte", (sbyte)42), ("short", (short)42), ("int", 42), ("long", 42L), ("float", 42f), ("double", 42d),
        ("string", "55.121.20.20"), ("date", DateTimeOffset.FromUnixTimeMilliseconds(Timestamp)), ("bigdec", 42.0m),
        ("list", new List<object?> { 42 }), ("map", Map(("key", "value"))));

    private static MaskField.Value Mask(string fields, string? replacement = null) => replacement is null
        ? Setup.Transform<MaskField.Value>(("fields", fields), ("replace.null.with.default", "false"))
        : Setup.Transform<MaskField.Value>(("fields", fields), ("replacement", replacement), ("replace.null.with.default", "false"));

    [Fact]
    public void Schemaless_fields_are_masked_with_the_empty_value_of_their_type()
    {
        var fields = string.Join(",", MapValue().Keys.Where(k => k != "magic"));

        var result = AsMap(Mask(fields).Apply(Sink(null, MapValue()))!.Value);

        Assert.Equal(42, result["magic"]);
        Assert.Equal(false, result["bool"]);
        Assert.Equal((sbyte)0, result["byte"]);
        Assert.Equal((short)0, result["short"]);
        Assert.Equal(0, result["int"]);
        Assert.Equal(0L, result["long"]);
        Assert.Equal(0f, result["float"]);
        Assert.Equal(0d, result["double"]);
        Assert.Equal("", result["string"]);
        Assert.Equal(DateTimeOffset.UnixEpoch, result["date"]);
        Assert.Equal(0m, result["bigdec"]);
        Assert.Empty(Assert.IsAssignableFrom<System.Collections.IList>(result["list"]));
        Assert.Empty(Assert.IsAssignableFrom<System.Collections.IDictionary>(result["map"]));
    }

    [Fact]
    public void Struct_fields_are_masked_with_the_empty_value_of_their_type()
    {
        var fields = string.Join(",", Schema.Fields.Select(f => f.Name).Where(n => n != "magic"));

        var transformed = Mask(fields).Apply(Sink(Schema, StructValue()))!;

        var result = AsStruct(transformed.Value);
        Assert.Same(Schema, transformed.ValueSchema);
        Assert.Equal(42, result.Get("magic"));
        Assert.Equal(false, result.Get("bool"));
        Assert.Equal((sbyte)0, result.Get("byte"));
        Assert.Equal((short)0, result.Get("short"));
        Assert.Equal(0, result.Get("int"));
        Assert.Equal(0L, result.Get("long"));
        Assert.Equal(0f, result.Get("float"));
        Assert.Equal(0d, result.Get("double"));
        Assert.Equal("", result.Get("string"));
        Assert.Equal(new DateOnly(1970, 1, 1), result.Get("date"));
        Assert.Equal(TimeOnly.MinValue, result.Get("time"));
        Assert.Equal(DateTimeOffset.UnixEpoch, result.Get("timestamp"));
        Assert.Equal(0m, result.Get("decimal"));
        Assert.Empty(result.GetArray("array")!);
        Assert.Empty(result.GetMap("map")!);
        Assert.Null(result.GetWithoutDefault("withDefault"));
    }

    [Fact]
    public void Masked_lists_and_maps_can_be_changed_afterwards()
    {
        var result = AsStruct(Mask("array,map").Apply(Sink(Schema, StructValue()))!.Value);

        result.GetArray("array")!.Add(0);
        result.GetMap("map")!["k"] = "v";

        Assert.Equal([0], result.GetArray("array")!.Cast<object>());
        Assert.Equal("v", result.GetMap("map")!["k"]);
    }

    public static TheoryData<string, object> SchemalessReplacements => new()
    {
        { "short", (short)123 },
        { "byte", (sbyte)123 },
        { "int", 123 },
        { "long", 123L },
        { "float", 123.0f },
        { "double", 123.0d },
        { "string", "123" },
        { "bigdec", 123.0m },
    };

    [Theory]
    [MemberData(nameof(SchemalessReplacements))]
    public void Schemaless_replacement_is_converted_to_the_field_type(string field, object expected)
    {
        Assert.Equal(expected, AsMap(Mask(field, "123").Apply(Sink(null, MapValue()))!.Value)[field]);
    }

    public static TheoryData<string, object> StructReplacements => new()
    {
        { "short", (short)123 },
        { "byte", (sbyte)123 },
        { "int", 123 },
        { "long", 123L },
        { "float", 123.0f },
        { "double", 123.0d },
        { "string", "123" },
        { "decimal", 123m },
    };

    [Theory]
    [MemberData(nameof(StructReplacements))]
    public void Struct_replacement_is_converted_to_the_field_type(string field, object expected)
    {
        Assert.Equal(expected, AsStruct(Mask(field, "123").Apply(Sink(Schema, StructValue()))!.Value).Get(field));
    }

    [Theory]
    [InlineData("date")]
    [InlineData("bool")]
    [InlineData("list")]
    [InlineData("map")]
    public void Schemaless_replacement_of_a_non_numeric_non_string_field_is_a_data_error(string field)
    {
        var error = Assert.Throws<DataException>(() => Mask(field, "123").Apply(Sink(null, MapValue())));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("time")]
    [InlineData("timestamp")]
    [InlineData("array")]
    public void Struct_replacement_of_a_non_numeric_non_string_field_is_a_data_error(string field)
    {
        Assert.Throws<DataException>(() => Mask(field, "123").Apply(Sink(Schema, StructValue())));
    }

    [Theory]
    [InlineData("byte")]
    [InlineData("short")]
    [InlineData("int")]
    [InlineData("long")]
    [InlineData("float")]
    [InlineData("double")]
    [InlineData("bigdec")]
    public void Replacement_that_does_not_convert_to_the_field_type_is_a_data_error(string field)
    {
        var error = Assert.Throws<DataException>(() => Mask(field, "foo").Apply(Sink(null, MapValue())));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_replacement_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<MaskField.Value>(("fields", "short"), ("replacement", "")));

        Assert.Contains("replacement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_fields_is_a_config_error()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<MaskField.Value>(("fields", "")));
    }

    [Fact]
    public void Null_fields_stay_null()
    {
        var result = AsMap(Mask("absent,string").Apply(Sink(null, Map(("string", null))))!.Value);

        Assert.Null(result["string"]);
        Assert.Null(result["absent"]);
    }

    [Fact]
    public void Tombstone_passes_unchanged()
    {
        var record = Sink(Schema, null);

        Assert.Same(record, Mask("string").Apply(record));
    }

    [Fact]
    public void Key_fields_are_masked()
    {
        var keySchema = SchemaBuilder.Struct().Field("ssn", Sdk.Data.Schema.String).Build();

        var transformed = Setup.Transform<MaskField.Key>(("fields", "ssn"), ("replacement", "***")).Apply(SourceKey(keySchema, new Struct(keySchema).Put("ssn", "123-45-6789")))!;

        Assert.Equal("***", AsStruct(transformed.Key).Get("ssn"));
        Assert.Equal("value", transformed.Value);
        Assert.IsType<SourceRecord>(transformed);
    }
}
