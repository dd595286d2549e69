using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class ExtractFieldTests
{
    private static readonly Schema KeySchema = SchemaBuilder.Struct().Field("magic", Schema.Int32).Build();

    [Fact]
    public void Schemaless_key_is_replaced_by_the_field()
    {
        var transformed = Setup.Transform<ExtractField.Key>(("field", "magic")).Apply(SourceKey(null, Map(("magic", 42))))!;

        Assert.Null(transformed.KeySchema);
        Assert.Equal(42, transformed.Key);
        Assert.Equal("value", transformed.Value);
    }

    [Fact]
    public void Schemaless_nested_path_is_followed_with_syntax_v2()
    {
        var key = Map(("magic", Map(("foo", 42))));

        var transformed = Setup.Transform<ExtractField.Key>(("field", "magic.foo"), ("field.syntax.version", "v2")).Apply(SourceKey(null, key))!;

        Assert.Equal(42, transformed.Key);
    }

    [Fact]
    public void A_dotted_name_is_one_field_with_syntax_v1()
    {
        var key = Map(("magic.foo", 1), ("magic", Map(("foo", 42))));

        var transformed = Setup.Transform<ExtractField.Key>(("field", "magic.foo")).Apply(SourceKey(null, key))!;

        Assert.Equal(1, transformed.Key);
    }

    [Fact]
    public void Null_schemaless_key_stays_null()
    {
        var transformed = Setup.Transform<ExtractField.Key>(("field", "magic")).Apply(SourceKey(null, null))!;

        Assert.Null(transformed.KeySchema);
        Assert.Null(transformed.Key);
    }

    [Fact]
    public void Key_with_schema_is_replaced_by_the_field_and_its_schema()
    {
        var transformed = Setup.Transform<ExtractField.Key>(("field", "magic")).Apply(SourceKey(KeySchema, new Struct(KeySchema).Put("magic", 42)))!;

        Assert.Same(Schema.Int32, transformed.KeySchema);
        Assert.Equal(42, transformed.Key);
    }

    [Fact]
    public void Nested_path_with_schema_is_followed_with_syntax_v2()
    {
        var inner = SchemaBuilder.Struct().Field("foo", Schema.Int32).Build();
        var schema = SchemaBuilder.Struct().Field("magic", inner).Build();
        var key = new Struct(schema).Put("magic", new Struct(inner).Put("foo", 42));

        var transformed = Setup.Transform<ExtractField.Key>(("field", "magic.foo"), ("field.syntax.version", "V2")).Apply(SourceKey(schema, key))!;

        Assert.Same(Schema.Int32, transformed.KeySchema);
        Assert.Equal(42, transformed.Key);
    }

    [Fact]
    public void Null_key_with_schema_becomes_null_with_the_field_schema()
    {
        var transformed = Setup.Transform<ExtractField.Key>(("field", "magic")).Apply(SourceKey(KeySchema, null))!;

        Assert.Same(Schema.Int32, transformed.KeySchema);
        Assert.Null(transformed.Key);
    }

    [Fact]
    public void Missing_schemaless_field_extracts_null()
    {
        var transformed = Setup.Transform<ExtractField.Key>(("field", "nonexistent")).Apply(SourceKey(null, Map(("magic", 42))))!;

        Assert.Null(transformed.Key);
    }

    [Fact]
    public void Missing_schemaless_nested_field_extracts_null()
    {
        var transformed = Setup.Transform<ExtractField.Key>(("field", "magic.nonexistent"), ("field.syntax.version", "V2"))
            .Apply(SourceKey(null, Map(("magic", Map(("foo", 42))))))!;

        Assert.Null(transformed.Key);
    }

    [Fact]
    public void Missing_field_with_schema_is_a_data_error_naming_the_field()
    {
        var error = Assert.Throws<DataException>(() =>
            Setup.Transform<ExtractField.Key>(("field", "nonexistent")).Apply(SourceKey(KeySchema, new Struct(KeySchema).Put("magic", 42))));

        Assert.Contains("nonexistent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_nested_field_with_schema_is_a_data_error()
    {
        var inner = SchemaBuilder.Struct().Field("foo", Schema.Int32).Build();
        var schema = SchemaBuilder.Struct().Field("magic", inner).Build();

        Assert.Throws<DataException>(() => Setup.Transform<ExtractField.Key>(("field", "magic.nonexistent"), ("field.syntax.version", "V2"))
            .Apply(SourceKey(schema, new Struct(schema).Put("magic", new Struct(inner).Put("foo", 42)))));
    }

    [Theory]
    [InlineData(true, 42)]
    [InlineData(false, null)]
    public void Unset_optional_field_with_default_extracts_the_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, int? expected)
    {
        var schema = SchemaBuilder.Struct().Field("optional_with_default", SchemaBuilder.Int32().Optional().DefaultValue(42).Build()).Build();

        var transformed = Setup.Transform<ExtractField.Value>(("field", "optional_with_default"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(Source(schema, new Struct(schema).Put("optional_with_default", null)))!;

        Assert.Equal(expected, transformed.Value);
    }

    [Fact]
    public void Value_variant_extracts_from_the_value_and_keeps_the_key()
    {
        var transformed = Setup.Transform<ExtractField.Value>(("field", "id")).Apply(Sink(null, Map(("id", "a1")), Schema.String, "key"))!;

        Assert.Equal("a1", transformed.Value);
        Assert.Equal("key", transformed.Key);
        Assert.Equal(1234, Assert.IsType<SinkRecord>(transformed).KafkaOffset);
    }

    [Fact]
    public void A_value_that_is_not_a_map_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Setup.Transform<ExtractField.Value>(("field", "id")).Apply(Source(null, "text")));
    }

    [Theory]
    [InlineData("V3")]
    [InlineData("2")]
    public void Unknown_field_syntax_version_is_a_config_error(string version)
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<ExtractField.Value>(("field", "a"), ("field.syntax.version", version)));

        Assert.Contains("field.syntax.version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_backtick_in_a_v2_path_is_a_config_error_naming_field()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<ExtractField.Value>(("field", "`foo.bar"), ("field.syntax.version", "V2")));

        Assert.Equal("field", error.Name);
        Assert.Contains("Incomplete backtick pair", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_field_option_is_a_config_error()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<ExtractField.Value>());
    }
}
