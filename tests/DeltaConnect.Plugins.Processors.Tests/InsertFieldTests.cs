using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class InsertFieldTests
{
    private static readonly (string, string)[] AllButOffset =
    [
        ("topic.field", "topic_field!"),
        ("partition.field", "partition_field"),
        ("timestamp.field", "timestamp_field?"),
        ("static.field", "instance_id"),
        ("static.value", "my-instance-id"),
    ];

    [Fact]
    public void A_value_with_a_schema_must_be_a_struct()
    {
        Assert.Throws<DataException>(() => Setup.Transform<InsertField.Value>(("topic.field", "topic_field")).Apply(Source(Schema.Int32, 42)));
    }

    [Fact]
    public void Fields_are_appended_to_a_copy_of_the_schema_with_the_requested_optionality()
    {
        var schema = SchemaBuilder.Struct().Name("name").Version(1).Doc("doc").Field("magic", Schema.OptionalInt64).Build();

        var transformed = Setup.Transform<InsertField.Value>(AllButOffset).Apply(Source(schema, new Struct(schema).Put("magic", 42L), topic: "test", partition: 0))!;

        var updatedSchema = transformed.ValueSchema!;
        Assert.Equal("name", updatedSchema.Name);
        Assert.Equal(1, updatedSchema.Version);
        Assert.Equal("doc", updatedSchema.Doc);
        Assert.Equal(["magic", "topic_field", "partition_field", "timestamp_field", "instance_id"], updatedSchema.Fields.Select(f => f.Name));
        Assert.Same(Schema.OptionalInt64, updatedSchema.Field("magic")!.Schema);
        Assert.Same(Schema.String, updatedSchema.Field("topic_field")!.Schema);
        Assert.Same(Schema.OptionalInt32, updatedSchema.Field("partition_field")!.Schema);
        Assert.Equal(ConnectTimestamp.Builder().Optional().Build(), updatedSchema.Field("timestamp_field")!.Schema);
        Assert.Same(Schema.OptionalString, updatedSchema.Field("instance_id")!.Schema);

        var value = AsStruct(transformed.Value);
        Assert.Equal(42L, value.Get("magic"));
        Assert.Equal("test", value.Get("topic_field"));
        Assert.Equal(0, value.Get("partition_field"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Timestamp), value.Get("timestamp_field"));
        Assert.Equal("my-instance-id", value.Get("instance_id"));
    }

    [Fact]
    public void The_updated_schema_is_built_once_per_input_schema()
    {
        var schema = SchemaBuilder.Struct().Field("magic", Schema.OptionalInt64).Build();
        var insert = Setup.Transform<InsertField.Value>(AllButOffset);

        var first = insert.Apply(Source(schema, new Struct(schema)))!;
        var second = insert.Apply(Source(schema, new Struct(schema)))!;

        Assert.Same(first.ValueSchema, second.ValueSchema);
    }

    [Fact]
    public void Schemaless_fields_are_added_to_a_copy_of_the_map()
    {
        var original = Map(("magic", 42L));

        var transformed = Setup.Transform<InsertField.Value>(AllButOffset).Apply(Source(null, original, topic: "test", partition: 0))!;

        var value = AsMap(transformed.Value);
        Assert.Equal(42L, value["magic"]);
        Assert.Equal("test", value["topic_field"]);
        Assert.Equal(0, value["partition_field"]);
        Assert.Equal(Timestamp, value["timestamp_field"]);
        Assert.Equal("my-instance-id", value["instance_id"]);
        Assert.Single(original);
    }

    [Fact]
    public void Absent_partition_and_timestamp_are_not_inserted_without_schema()
    {
        var transformed = Setup.Transform<InsertField.Value>(AllButOffset).Apply(Source(null, Map(), partition: null, timestamp: null))!;

        var value = AsMap(transformed.Value);
        Assert.False(value.ContainsKey("partition_field"));
        Assert.False(value.ContainsKey("timestamp_field"));
    }

    [Fact]
    public void Offset_is_inserted_from_a_sink_record()
    {
        var schema = SchemaBuilder.Struct().Field("magic", Schema.Int64).Build();

        var transformed = Setup.Transform<InsertField.Value>(("offset.field", "offset!")).Apply(Sink(schema, new Struct(schema).Put("magic", 1L), offset: 1234));

        var sink = Assert.IsType<SinkRecord>(transformed);
        Assert.Same(Schema.Int64, sink.ValueSchema!.Field("offset")!.Schema);
        Assert.Equal(1234L, AsStruct(sink.Value).Get("offset"));
        Assert.Equal(1234, sink.KafkaOffset);
    }

    [Fact]
    public void Offset_of_a_source_record_is_a_data_error()
    {
        var error = Assert.Throws<DataException>(() => Setup.Transform<InsertField.Value>(("offset.field", "offset")).Apply(Source(null, Map())));

        Assert.Contains("SinkRecord", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tombstone_without_schema_is_left_unchanged()
    {
        var record = Source(null, null);

        Assert.Same(record, Setup.Transform<InsertField.Value>(AllButOffset).Apply(record));
    }

    [Fact]
    public void Tombstone_with_schema_is_left_unchanged()
    {
        var schema = SchemaBuilder.Struct().Optional().Field("magic", Schema.OptionalInt64).Build();
        var record = Source(schema, null);

        var transformed = Setup.Transform<InsertField.Value>(AllButOffset).Apply(record)!;

        Assert.Null(transformed.Value);
        Assert.Same(schema, transformed.ValueSchema);
    }

    [Fact]
    public void Key_fields_are_inserted_into_the_key_of_a_tombstone()
    {
        var transformed = Setup.Transform<InsertField.Key>(AllButOffset).Apply(Source(null, null, null, Map(), topic: "test", partition: 0))!;

        var key = AsMap(transformed.Key);
        Assert.Equal("test", key["topic_field"]);
        Assert.Equal(0, key["partition_field"]);
        Assert.Equal("my-instance-id", key["instance_id"]);
        Assert.Null(transformed.Value);
    }

    [Fact]
    public void Null_key_leaves_the_record_unchanged()
    {
        var record = Source(null, Map(("v", 1)), null, null);

        Assert.Same(record, Setup.Transform<InsertField.Key>(AllButOffset).Apply(record));
    }

    [Theory]
    [InlineData(true, 42L)]
    [InlineData(false, null)]
    public void Unset_optional_field_with_default_is_copied_as_the_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, long? expected)
    {
        var schema = SchemaBuilder.Struct().Field("optional_with_default", SchemaBuilder.Int64().Optional().DefaultValue(42L).Build()).Build();

        var transformed = Setup.Transform<InsertField.Value>(("topic.field", "topic"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(Source(schema, new Struct(schema).Put("optional_with_default", null)))!;

        Assert.Equal(expected, AsStruct(transformed.Value).GetWithoutDefault("optional_with_default"));
    }

    [Fact]
    public void Configuring_no_field_is_a_config_error()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<InsertField.Value>());
    }

    [Fact]
    public void Static_field_without_a_value_is_a_config_error_naming_static_value()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<InsertField.Value>(("static.field", "instance_id")));

        Assert.Contains("static.value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_name_that_is_only_a_marker_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<InsertField.Value>(("topic.field", "!")));

        Assert.Contains("topic.field", error.Message, StringComparison.Ordinal);
    }
}
