using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class ReplaceFieldTests
{
    private static readonly Schema Schema = SchemaBuilder.Struct()
        .Field("dont", Sdk.Data.Schema.String)
        .Field("abc", Sdk.Data.Schema.Int32)
        .Field("foo", Sdk.Data.Schema.Boolean)
        .Field("etc", Sdk.Data.Schema.String)
        .Build();

    private static ReplaceField.Value Replace(params (string, string)[] config) => Setup.Transform<ReplaceField.Value>(config);

    [Fact]
    public void Schemaless_tombstone_passes_unchanged()
    {
        var record = Sink(null, null);

        Assert.Same(record, Replace(("include", "abc,foo"), ("renames", "abc:xyz,foo:bar")).Apply(record));
    }

    [Fact]
    public void Tombstone_with_schema_passes_unchanged()
    {
        var schema = SchemaBuilder.Struct().Optional().Field("dont", Sdk.Data.Schema.String).Field("abc", Sdk.Data.Schema.Int32).Build();
        var record = Sink(schema, null);

        var transformed = Replace(("include", "abc"), ("renames", "abc:xyz")).Apply(record)!;

        Assert.Null(transformed.Value);
        Assert.Same(schema, transformed.ValueSchema);
    }

    [Fact]
    public void Schemaless_fields_are_excluded_and_renamed()
    {
        var value = Map(("dont", "whatever"), ("abc", 42), ("foo", true), ("etc", "etc"));

        var transformed = Replace(("exclude", "dont"), ("renames", "abc:xyz,foo:bar")).Apply(Sink(null, value))!;

        Assert.Equal(Map(("xyz", 42), ("bar", true), ("etc", "etc")), AsMap(transformed.Value));
    }

    [Fact]
    public void Struct_fields_are_included_and_renamed_in_a_new_schema()
    {
        var value = new Struct(Schema).Put("dont", "whatever").Put("abc", 42).Put("foo", true).Put("etc", "etc");

        var transformed = Replace(("include", "abc,foo"), ("renames", "abc:xyz,foo:bar")).Apply(Sink(Schema, value))!;

        Assert.Equal(["xyz", "bar"], transformed.ValueSchema!.Fields.Select(f => f.Name));
        var result = AsStruct(transformed.Value);
        Assert.Equal(42, result.Get("xyz"));
        Assert.Equal(true, result.Get("bar"));
    }

    [Fact]
    public void Exclude_takes_precedence_over_include()
    {
        var value = Map(("abc", 1), ("foo", 2));

        var transformed = Replace(("include", "abc,foo"), ("exclude", "foo")).Apply(Sink(null, value))!;

        Assert.Equal(Map(("abc", 1)), AsMap(transformed.Value));
    }

    [Fact]
    public void Schema_name_version_and_doc_are_kept()
    {
        var schema = SchemaBuilder.Struct().Name("n").Version(2).Doc("d").Field("a", Sdk.Data.Schema.Int32).Field("b", Sdk.Data.Schema.Int32).Build();

        var transformed = Replace(("exclude", "b")).Apply(Sink(schema, new Struct(schema).Put("a", 1).Put("b", 2)))!;

        Assert.Equal(SchemaBuilder.Struct().Name("n").Version(2).Doc("d").Field("a", Sdk.Data.Schema.Int32).Build(), transformed.ValueSchema);
    }

    [Theory]
    [InlineData(true, 42)]
    [InlineData(false, null)]
    public void Null_value_field_with_default_is_copied_as_the_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, int? expected)
    {
        var schema = SchemaBuilder.Struct().Field("optional_with_default", SchemaBuilder.Int32().Optional().DefaultValue(42).Build()).Build();

        var transformed = Replace(("renames", "optional_with_default:renamed"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(Sink(schema, new Struct(schema).Put("optional_with_default", null)))!;

        Assert.Equal(expected, AsStruct(transformed.Value).GetWithoutDefault("renamed"));
    }

    [Theory]
    [InlineData(true, 42)]
    [InlineData(false, null)]
    public void Null_key_field_with_default_is_copied_as_the_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, int? expected)
    {
        var schema = SchemaBuilder.Struct().Field("optional_with_default", SchemaBuilder.Int32().Optional().DefaultValue(42).Build()).Build();

        var transformed = Setup.Transform<ReplaceField.Key>(("renames", "optional_with_default:renamed"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(SourceKey(schema, new Struct(schema).Put("optional_with_default", null)))!;

        Assert.Equal(expected, AsStruct(transformed.Key).GetWithoutDefault("renamed"));
        Assert.IsType<SourceRecord>(transformed);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("abc:xyz:extra")]
    [InlineData("abc:")]
    [InlineData(":xyz")]
    public void A_malformed_rename_is_a_config_error_naming_renames(string renames)
    {
        var error = Assert.Throws<ConfigException>(() => Replace(("renames", renames)));

        Assert.Contains("renames", error.Message, StringComparison.Ordinal);
        Assert.Contains("foo:bar", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_is_optional()
    {
        var value = Map(("a", 1));

        Assert.Equal(value, AsMap(Replace().Apply(Sink(null, value))!.Value));
    }
}
