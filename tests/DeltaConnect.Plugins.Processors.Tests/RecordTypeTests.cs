using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

/// <summary>Every transform derives records with NewRecord, so a source record stays one with its source position, and a sink record keeps where it was read.</summary>
public sealed class RecordTypeTests
{
    private static readonly Schema KeySchema = SchemaBuilder.Struct().Field("id", Schema.Int64).Build();
    private static readonly Schema ValueSchema = SchemaBuilder.Struct().Field("id", Schema.Int64).Field("ts", ConnectTimestamp.Schema).Field("name", Schema.String).Build();

    public static TheoryData<string> Transforms => [.. Configured.Keys];

    private static Dictionary<string, Func<Transformation>> Configured { get; } = new()
    {
        ["Cast$Key"] = () => Setup.Transform<Cast.Key>(("spec", "id:string")),
        ["Cast$Value"] = () => Setup.Transform<Cast.Value>(("spec", "id:string")),
        ["DropHeaders"] = () => Setup.Transform<DropHeaders>(("headers", "h")),
        ["ExtractField$Key"] = () => Setup.Transform<ExtractField.Key>(("field", "id")),
        ["ExtractField$Value"] = () => Setup.Transform<ExtractField.Value>(("field", "name")),
        ["Flatten$Key"] = () => Setup.Transform<Flatten.Key>(),
        ["Flatten$Value"] = () => Setup.Transform<Flatten.Value>(),
        ["HeaderFrom$Key"] = () => Setup.Transform<HeaderFrom.Key>(("fields", "id"), ("headers", "id"), ("operation", "copy")),
        ["HeaderFrom$Value"] = () => Setup.Transform<HeaderFrom.Value>(("fields", "name"), ("headers", "name"), ("operation", "move")),
        ["HoistField$Key"] = () => Setup.Transform<HoistField.Key>(("field", "k")),
        ["HoistField$Value"] = () => Setup.Transform<HoistField.Value>(("field", "v")),
        ["InsertField$Key"] = () => Setup.Transform<InsertField.Key>(("topic.field", "topic")),
        ["InsertField$Value"] = () => Setup.Transform<InsertField.Value>(("partition.field", "partition"), ("timestamp.field", "at")),
        ["InsertHeader"] = () => Setup.Transform<InsertHeader>(("header", "h"), ("value.literal", "1")),
        ["MaskField$Key"] = () => Setup.Transform<MaskField.Key>(("fields", "id")),
        ["MaskField$Value"] = () => Setup.Transform<MaskField.Value>(("fields", "name")),
        ["RegexRouter"] = () => Setup.Transform<RegexRouter>(("regex", "(.*)"), ("replacement", "routed-$1")),
        ["ReplaceField$Key"] = () => Setup.Transform<ReplaceField.Key>(("renames", "id:key_id")),
        ["ReplaceField$Value"] = () => Setup.Transform<ReplaceField.Value>(("exclude", "name")),
        ["SetSchemaMetadata$Key"] = () => Setup.Transform<SetSchemaMetadata.Key>(("schema.name", "k")),
        ["SetSchemaMetadata$Value"] = () => Setup.Transform<SetSchemaMetadata.Value>(("schema.version", "2")),
        ["TimestampConverter$Key"] = () => Setup.Transform<TimestampConverter.Key>(("target.type", "string"), ("field", "id"), ("format", "yyyy")),
        ["TimestampConverter$Value"] = () => Setup.Transform<TimestampConverter.Value>(("target.type", "unix"), ("field", "ts")),
        ["TimestampRouter"] = () => Setup.Transform<TimestampRouter>(),
        ["ValueToKey"] = () => Setup.Transform<ValueToKey>(("fields", "id")),
    };

    [Theory]
    [MemberData(nameof(Transforms))]
    public void A_source_record_stays_a_source_record_with_its_partition_and_offset(string transform)
    {
        var original = Source(ValueSchema, Value(), KeySchema, Key(), partition: 5, headers: new ConnectHeaders().AddString("h", "x"));

        var transformed = Assert.IsType<SourceRecord>(Configured[transform]().Apply(original));

        Assert.Same(SourcePartition, transformed.SourcePartition);
        Assert.Same(SourceOffset, transformed.SourceOffset);
        Assert.Equal(5, transformed.KafkaPartition);
        Assert.Equal(Timestamp, transformed.Timestamp);
        Assert.NotSame(original.Headers, transformed.Headers);
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void A_sink_record_stays_a_sink_record_with_its_partition_offset_and_origin(string transform)
    {
        var original = Sink(ValueSchema, Value(), KeySchema, Key(), topic: "orders", partition: 6, offset: 77, headers: new ConnectHeaders().AddString("h", "x"));

        var transformed = Assert.IsType<SinkRecord>(Configured[transform]().Apply(original));

        Assert.Equal(6, transformed.KafkaPartition);
        Assert.Equal(77, transformed.KafkaOffset);
        Assert.Equal(new TopicPartition("orders", 6), transformed.OriginalTopicPartition);
        Assert.Equal(77, transformed.OriginalKafkaOffset);
        Assert.Equal(TimestampType.CreateTime, transformed.TimestampType);
        Assert.Equal(Timestamp, transformed.Timestamp);
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void The_original_record_is_not_changed(string transform)
    {
        var key = Key();
        var value = Value();
        var original = Sink(ValueSchema, value, KeySchema, key, headers: new ConnectHeaders().AddString("h", "x"));

        Configured[transform]().Apply(original);

        Assert.Same(ValueSchema, original.ValueSchema);
        Assert.Equal(Value(), original.Value);
        Assert.Equal(Key(), original.Key);
        Assert.Equal([new ConnectHeader("h", Schema.OptionalString, "x")], original.Headers);
        Assert.Equal("topic", original.Topic);
    }

    private static Struct Key() => new Struct(KeySchema).Put("id", 7L);

    private static Struct Value() => new Struct(ValueSchema).Put("id", 7L).Put("ts", DateTimeOffset.FromUnixTimeMilliseconds(Timestamp)).Put("name", "widget");
}
