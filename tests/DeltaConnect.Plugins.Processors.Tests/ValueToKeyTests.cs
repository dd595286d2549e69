using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class ValueToKeyTests
{
    [Fact]
    public void Schemaless_key_is_a_map_of_the_chosen_fields()
    {
        var value = Map(("a", 1), ("b", 2), ("c", 3));

        var transformed = Setup.Transform<ValueToKey>(("fields", "a,b")).Apply(Sink(null, value))!;

        Assert.Null(transformed.KeySchema);
        Assert.Equal(Map(("a", 1), ("b", 2)), AsMap(transformed.Key));
        Assert.Same(value, transformed.Value);
    }

    [Fact]
    public void Key_with_schema_is_a_struct_of_the_chosen_fields()
    {
        var schema = SchemaBuilder.Struct().Field("a", Schema.Int32).Field("b", Schema.Int32).Field("c", Schema.Int32).Build();
        var value = new Struct(schema).Put("a", 1).Put("b", 2).Put("c", 3);

        var transformed = Setup.Transform<ValueToKey>(("fields", "a,b")).Apply(Sink(schema, value))!;

        var expectedKeySchema = SchemaBuilder.Struct().Field("a", Schema.Int32).Field("b", Schema.Int32).Build();
        Assert.Equal(expectedKeySchema, transformed.KeySchema);
        Assert.Equal(new Struct(expectedKeySchema).Put("a", 1).Put("b", 2), transformed.Key);
        Assert.Same(schema, transformed.ValueSchema);
        Assert.Same(value, transformed.Value);
    }

    [Fact]
    public void A_missing_field_with_schema_is_a_data_error_naming_it()
    {
        var schema = SchemaBuilder.Struct().Field("a", Schema.Int32).Build();

        var error = Assert.Throws<DataException>(() => Setup.Transform<ValueToKey>(("fields", "not_exist")).Apply(Sink(schema, new Struct(schema).Put("a", 1))));

        Assert.Contains("not_exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_schemaless_field_becomes_a_null_entry()
    {
        var transformed = Setup.Transform<ValueToKey>(("fields", "a,missing")).Apply(Sink(null, Map(("a", 1))))!;

        Assert.Equal(Map(("a", 1), ("missing", null)), AsMap(transformed.Key));
    }

    [Theory]
    [InlineData(true, 42)]
    [InlineData(false, null)]
    public void Null_field_with_default_becomes_the_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, int? expected)
    {
        var schema = SchemaBuilder.Struct().Field("optional_with_default", SchemaBuilder.Int32().Optional().DefaultValue(42).Build()).Build();

        var transformed = Setup.Transform<ValueToKey>(("fields", "optional_with_default"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(Sink(schema, new Struct(schema).Put("optional_with_default", null)))!;

        Assert.Equal(expected, AsStruct(transformed.Key).GetWithoutDefault("optional_with_default"));
    }

    [Fact]
    public void A_tombstone_is_a_data_error_as_in_kafka_connect()
    {
        Assert.Throws<DataException>(() => Setup.Transform<ValueToKey>(("fields", "a")).Apply(Sink(null, null)));
    }

    [Fact]
    public void A_source_record_keeps_its_source_partition_and_offset()
    {
        var transformed = Assert.IsType<SourceRecord>(Setup.Transform<ValueToKey>(("fields", "a")).Apply(Source(null, Map(("a", 1)))));

        Assert.Same(SourcePartition, transformed.SourcePartition);
        Assert.Same(SourceOffset, transformed.SourceOffset);
    }

    [Fact]
    public void The_key_schema_is_built_once_per_value_schema()
    {
        var schema = SchemaBuilder.Struct().Field("a", Schema.Int32).Build();
        var transform = Setup.Transform<ValueToKey>(("fields", "a"));

        Assert.Same(transform.Apply(Sink(schema, new Struct(schema).Put("a", 1)))!.KeySchema, transform.Apply(Sink(schema, new Struct(schema).Put("a", 2)))!.KeySchema);
    }

    [Fact]
    public void Empty_fields_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<ValueToKey>(("fields", "")));

        Assert.Contains("fields", error.Message, StringComparison.Ordinal);
    }
}
