using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class HeaderFromTests
{
    private static readonly Schema ValueSchema = SchemaBuilder.Struct()
        .Field("field1", Schema.String)
        .Field("field2", SchemaBuilder.String().Optional().DefaultValue("default").Build())
        .Field("field3", Schema.Int32)
        .Build();

    private static Struct Value() => new Struct(ValueSchema).Put("field1", "field1-value").Put("field2", "field2-value").Put("field3", 3);

    private static ConnectHeaders Existing() => new ConnectHeaders().AddString("existing", "existing-value");

    [Fact]
    public void Copy_with_schema_adds_headers_with_the_field_schemas_and_keeps_the_value()
    {
        var value = Value();
        var record = Source(ValueSchema, value, headers: Existing());

        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "field1,field3"), ("headers", "inserted1,inserted3"), ("operation", "copy")).Apply(record)!;

        Assert.Same(ValueSchema, transformed.ValueSchema);
        Assert.Same(value, transformed.Value);
        Assert.Equal(
            [new ConnectHeader("existing", Schema.OptionalString, "existing-value"), new ConnectHeader("inserted1", Schema.String, "field1-value"), new ConnectHeader("inserted3", Schema.Int32, 3)],
            transformed.Headers);
        Assert.Single(record.Headers);
    }

    [Fact]
    public void Move_with_schema_removes_the_fields_from_the_value()
    {
        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "field1"), ("headers", "inserted1"), ("operation", "move"))
            .Apply(Source(ValueSchema, Value(), headers: Existing()))!;

        Assert.Equal(["field2", "field3"], transformed.ValueSchema!.Fields.Select(f => f.Name));
        var result = AsStruct(transformed.Value);
        Assert.Equal("field2-value", result.Get("field2"));
        Assert.Equal(3, result.Get("field3"));
        Assert.Equal(new ConnectHeader("inserted1", Schema.String, "field1-value"), transformed.Headers.LastWithName("inserted1"));
    }

    [Fact]
    public void Moving_two_fields_to_the_same_header_adds_it_twice()
    {
        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "field1,field3"), ("headers", "inserted1,inserted1"), ("operation", "move"))
            .Apply(Source(ValueSchema, Value()))!;

        Assert.Equal(["field1-value", 3], transformed.Headers.AllWithName("inserted1").Select(h => h.Value));
    }

    [Theory]
    [InlineData(true, "default")]
    [InlineData(false, null)]
    public void Null_field_with_default_is_copied_as_the_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, string? expected)
    {
        var value = new Struct(ValueSchema).Put("field1", "a").Put("field2", null).Put("field3", 3);

        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "field2"), ("headers", "inserted2"), ("operation", "copy"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(Source(ValueSchema, value))!;

        Assert.Equal(expected, transformed.Headers.LastWithName("inserted2")!.Value);
    }

    [Theory]
    [InlineData(true, "default")]
    [InlineData(false, null)]
    public void Null_field_with_default_is_kept_as_the_default_on_move_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, string? expected)
    {
        var value = new Struct(ValueSchema).Put("field1", "a").Put("field2", null).Put("field3", 3);

        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "field1"), ("headers", "inserted1"), ("operation", "move"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(Source(ValueSchema, value))!;

        Assert.Equal(expected, AsStruct(transformed.Value).GetWithoutDefault("field2"));
    }

    [Fact]
    public void Copy_without_schema_adds_schemaless_headers()
    {
        var value = Map(("field1", "field1-value"), ("field2", 2));

        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "field1,field2"), ("headers", "h1,h2"), ("operation", "copy")).Apply(Source(null, value))!;

        Assert.Equal(value, AsMap(transformed.Value));
        Assert.Equal([new ConnectHeader("h1", null, "field1-value"), new ConnectHeader("h2", null, 2)], transformed.Headers);
    }

    [Fact]
    public void Move_without_schema_removes_the_entries()
    {
        var value = Map(("field1", "field1-value"), ("field2", 2));

        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "field1"), ("headers", "h1"), ("operation", "move")).Apply(Source(null, value))!;

        Assert.Equal(Map(("field2", 2)), AsMap(transformed.Value));
        Assert.Equal("field1-value", transformed.Headers.LastWithName("h1")!.Value);
        Assert.True(value.ContainsKey("field1"));
    }

    [Fact]
    public void Missing_schemaless_field_is_copied_as_a_null_header()
    {
        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "absent"), ("headers", "h"), ("operation", "copy")).Apply(Source(null, Map(("a", 1))))!;

        Assert.Equal(new ConnectHeader("h", null, null), transformed.Headers.LastWithName("h"));
    }

    [Fact]
    public void Key_fields_are_moved_from_the_key()
    {
        var keySchema = SchemaBuilder.Struct().Field("id", Schema.Int64).Field("tenant", Schema.String).Build();

        var transformed = Setup.Transform<HeaderFrom.Key>(("fields", "tenant"), ("headers", "tenant"), ("operation", "move"))
            .Apply(SourceKey(keySchema, new Struct(keySchema).Put("id", 1L).Put("tenant", "acme")))!;

        Assert.Equal(["id"], transformed.KeySchema!.Fields.Select(f => f.Name));
        Assert.Equal(new ConnectHeader("tenant", Schema.String, "acme"), transformed.Headers.LastWithName("tenant"));
        Assert.Equal("value", transformed.Value);
    }

    [Fact]
    public void Missing_field_with_schema_is_a_data_error_naming_it()
    {
        var error = Assert.Throws<DataException>(() => Setup.Transform<HeaderFrom.Value>(("fields", "nope"), ("headers", "h"), ("operation", "copy")).Apply(Source(ValueSchema, Value())));

        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tombstone_passes_unchanged()
    {
        var record = Sink(ValueSchema, null);

        Assert.Same(record, Setup.Transform<HeaderFrom.Value>(("fields", "field1"), ("headers", "h"), ("operation", "move")).Apply(record));
    }

    [Fact]
    public void A_sink_record_keeps_its_offset_and_partition()
    {
        var transformed = Setup.Transform<HeaderFrom.Value>(("fields", "field1"), ("headers", "h"), ("operation", "copy")).Apply(Sink(ValueSchema, Value(), partition: 2, offset: 5));

        var sink = Assert.IsType<SinkRecord>(transformed);
        Assert.Equal(2, sink.KafkaPartition);
        Assert.Equal(5, sink.KafkaOffset);
    }

    [Theory]
    [InlineData("a,b", "h1")]
    [InlineData("a", "h1,h2")]
    public void Different_numbers_of_fields_and_headers_is_a_config_error(string fields, string headers)
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<HeaderFrom.Value>(("fields", fields), ("headers", headers), ("operation", "copy")));

        Assert.Contains("same number of elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_fields_and_headers_are_a_config_error()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<HeaderFrom.Value>(("fields", ""), ("headers", ""), ("operation", "copy")));
    }

    [Fact]
    public void Unknown_operation_is_a_config_error_listing_move_and_copy()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<HeaderFrom.Value>(("fields", "a"), ("headers", "h"), ("operation", "swap")));

        Assert.Contains("move, copy", error.Message, StringComparison.Ordinal);
    }
}
