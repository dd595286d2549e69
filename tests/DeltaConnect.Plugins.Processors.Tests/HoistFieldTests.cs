using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class HoistFieldTests
{
    [Fact]
    public void Schemaless_key_is_wrapped_in_a_map()
    {
        var transformed = Setup.Transform<HoistField.Key>(("field", "magic")).Apply(SourceKey(null, 42))!;

        Assert.Null(transformed.KeySchema);
        Assert.Equal(Map(("magic", 42)), AsMap(transformed.Key));
    }

    [Fact]
    public void Key_with_schema_is_wrapped_in_a_struct()
    {
        var transformed = Setup.Transform<HoistField.Key>(("field", "magic")).Apply(SourceKey(Schema.Int32, 42))!;

        Assert.Equal(SchemaBuilder.Struct().Field("magic", Schema.Int32).Build(), transformed.KeySchema);
        Assert.Equal(42, AsStruct(transformed.Key).GetInt32("magic"));
    }

    [Fact]
    public void The_schemaless_map_can_be_changed_afterwards()
    {
        var transformed = Setup.Transform<HoistField.Value>(("field", "magic")).Apply(Source(null, 42))!;

        var map = Assert.IsAssignableFrom<IDictionary<string, object?>>(transformed.Value);
        map["other"] = 1;
        Assert.Equal(2, map.Count);
    }

    [Fact]
    public void Schemaless_null_value_is_wrapped_as_a_null_entry()
    {
        var transformed = Setup.Transform<HoistField.Value>(("field", "payload")).Apply(Source(null, null))!;

        Assert.Equal(Map(("payload", null)), AsMap(transformed.Value));
    }

    [Fact]
    public void Null_optional_value_with_schema_is_wrapped_as_a_null_field()
    {
        var transformed = Setup.Transform<HoistField.Value>(("field", "payload")).Apply(Source(Schema.OptionalString, null))!;

        Assert.Null(AsStruct(transformed.Value).Get("payload"));
        Assert.Same(Schema.OptionalString, transformed.ValueSchema!.Field("payload")!.Schema);
    }

    [Fact]
    public void Null_required_value_with_schema_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Setup.Transform<HoistField.Value>(("field", "payload")).Apply(Source(Schema.String, null)));
    }

    [Fact]
    public void The_wrapping_schema_is_built_once_per_input_schema()
    {
        var hoist = Setup.Transform<HoistField.Value>(("field", "n"));

        Assert.Same(hoist.Apply(Source(Schema.Int32, 1))!.ValueSchema, hoist.Apply(Source(Schema.Int32, 2))!.ValueSchema);
    }

    [Fact]
    public void A_source_record_keeps_its_source_partition_and_offset()
    {
        var transformed = Assert.IsType<SourceRecord>(Setup.Transform<HoistField.Value>(("field", "n")).Apply(Source(Schema.Int32, 1)));

        Assert.Same(SourcePartition, transformed.SourcePartition);
        Assert.Same(SourceOffset, transformed.SourceOffset);
    }

    [Fact]
    public void Missing_field_option_is_a_config_error()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<HoistField.Value>());
    }
}
