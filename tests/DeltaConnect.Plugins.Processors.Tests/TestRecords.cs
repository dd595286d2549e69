using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Plugins.Processors.Tests;

/// <summary>Records to feed transforms: source records carry a source partition and offset, sink records an offset.</summary>
internal static class TestRecords
{
    public const long Timestamp = 1_700_000_000_000; // 2023-11-14T22:13:20Z

    public static IReadOnlyDictionary<string, object?> SourcePartition { get; } = new Dictionary<string, object?> { ["table"] = "orders" };

    public static IReadOnlyDictionary<string, object?> SourceOffset { get; } = new Dictionary<string, object?> { ["lsn"] = 42L };

    public static SourceRecord Source(
        Schema? valueSchema,
        object? value,
        Schema? keySchema = null,
        object? key = null,
        string topic = "topic",
        int? partition = 0,
        long? timestamp = Timestamp,
        ConnectHeaders? headers = null) =>
        new(SourcePartition, SourceOffset, topic, partition, keySchema, key, valueSchema, value, timestamp, headers);

    public static SourceRecord SourceKey(Schema? keySchema, object? key) => Source(null, "value", keySchema, key);

    public static SinkRecord Sink(
        Schema? valueSchema,
        object? value,
        Schema? keySchema = null,
        object? key = null,
        string topic = "topic",
        int partition = 3,
        long offset = 1234,
        long? timestamp = Timestamp,
        ConnectHeaders? headers = null) =>
        new(topic, partition, keySchema, key, valueSchema, value, offset, timestamp, TimestampType.CreateTime, headers);

    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }

    public static IReadOnlyDictionary<string, object?> AsMap(object? value) => Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(value);

    public static Struct AsStruct(object? value) => Assert.IsType<Struct>(value);
}
