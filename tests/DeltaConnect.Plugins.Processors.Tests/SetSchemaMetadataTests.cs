using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class SetSchemaMetadataTests
{
    [Fact]
    public void The_name_is_set()
    {
        var transformed = Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "foo")).Apply(Sink(SchemaBuilder.Struct().Build(), null))!;

        Assert.Equal("foo", transformed.ValueSchema!.Name);
    }

    [Fact]
    public void The_version_is_set()
    {
        var transformed = Setup.Transform<SetSchemaMetadata.Value>(("schema.version", "42")).Apply(Sink(SchemaBuilder.Struct().Build(), null))!;

        Assert.Equal(42, transformed.ValueSchema!.Version);
    }

    [Fact]
    public void Name_and_version_are_set_on_the_key_schema()
    {
        var transformed = Setup.Transform<SetSchemaMetadata.Key>(("schema.name", "foo"), ("schema.version", "42")).Apply(SourceKey(SchemaBuilder.Struct().Build(), null))!;

        Assert.Equal("foo", transformed.KeySchema!.Name);
        Assert.Equal(42, transformed.KeySchema.Version);
    }

    [Fact]
    public void A_struct_is_copied_onto_the_renamed_schema_with_everything_else_kept()
    {
        var schema = SchemaBuilder.Struct().Name("my.orig.SchemaDefn").Doc("doc").Field("stringField", Schema.String).Field("intField", Schema.Int32).Build();
        var value = new Struct(schema).Put("stringField", "value").Put("intField", 1);

        var transformed = Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "foo"), ("schema.version", "42")).Apply(Sink(schema, value))!;

        var newSchema = transformed.ValueSchema!;
        Assert.Equal("foo", newSchema.Name);
        Assert.Equal(42, newSchema.Version);
        Assert.Equal("doc", newSchema.Doc);
        Assert.Equal(schema.Fields, newSchema.Fields);
        var result = AsStruct(transformed.Value);
        Assert.Same(newSchema, result.Schema);
        Assert.Equal("value", result.Get("stringField"));
        Assert.Equal(1, result.Get("intField"));
    }

    [Theory]
    [InlineData(true, 42)]
    [InlineData(false, null)]
    public void Null_field_with_default_is_copied_as_the_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, int? expected)
    {
        var schema = SchemaBuilder.Struct().Field("optional_with_default", SchemaBuilder.Int32().Optional().DefaultValue(42).Build()).Build();

        var transformed = Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "foo"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(Sink(schema, new Struct(schema).Put("optional_with_default", null)))!;

        Assert.Equal(expected, AsStruct(transformed.Value).GetWithoutDefault("optional_with_default"));
    }

    [Fact]
    public void A_value_without_a_schema_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "foo")).Apply(Sink(null, Map())));
    }

    [Fact]
    public void A_record_with_neither_value_nor_schema_passes_unchanged()
    {
        var record = Sink(null, null);

        Assert.Same(record, Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "foo")).Apply(record));
    }

    [Fact]
    public void A_non_struct_value_keeps_its_value_under_the_renamed_schema()
    {
        var transformed = Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "id"), ("schema.version", "1")).Apply(Sink(Schema.Int64, 7L))!;

        Assert.Equal(SchemaBuilder.Int64().Name("id").Version(1).Build(), transformed.ValueSchema);
        Assert.Equal(7L, transformed.Value);
    }

    [Fact]
    public void Array_and_map_schemas_keep_their_element_schemas()
    {
        var mapSchema = SchemaBuilder.Map(Schema.String, Schema.Int32).Optional().Build();

        var transformed = Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "counts")).Apply(Sink(mapSchema, null))!;

        Assert.Same(Schema.String, transformed.ValueSchema!.KeySchema);
        Assert.Same(Schema.Int32, transformed.ValueSchema.ValueSchema);
        Assert.True(transformed.ValueSchema.IsOptional);
    }

    [Fact]
    public void A_struct_default_is_carried_onto_the_renamed_schema()
    {
        var withoutDefault = SchemaBuilder.Struct().Optional().Field("a", Schema.Int32).Build();
        var schema = SchemaBuilder.From(withoutDefault).DefaultValue(new Struct(withoutDefault).Put("a", 7)).Build();

        var transformed = Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "renamed")).Apply(Sink(schema, null))!;

        var defaultValue = AsStruct(transformed.ValueSchema!.DefaultValue);
        Assert.Equal("renamed", defaultValue.Schema.Name);
        Assert.Equal(7, defaultValue.Get("a"));
    }

    [Fact]
    public void A_source_record_keeps_its_source_offset()
    {
        var transformed = Assert.IsType<SourceRecord>(Setup.Transform<SetSchemaMetadata.Value>(("schema.name", "x")).Apply(Source(Schema.String, "v")));

        Assert.Same(SourceOffset, transformed.SourceOffset);
    }

    [Fact]
    public void Neither_name_nor_version_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<SetSchemaMetadata.Value>());

        Assert.Contains("schema.name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_that_is_not_a_number_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<SetSchemaMetadata.Value>(("schema.version", "two")));

        Assert.Contains("schema.version", error.Message, StringComparison.Ordinal);
    }
}
