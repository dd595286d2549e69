using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Plugins.Processors.Records;

/// <summary>
/// The part of a record a <c>$Key</c> or <c>$Value</c> transform works on: reads its schema and value, and derives
/// a record (of the same concrete type) where only that part is replaced.
/// </summary>
internal sealed class RecordPart
{
    private readonly bool _isKey;

    private RecordPart(bool isKey) => _isKey = isKey;

    /// <summary>The record key.</summary>
    public static RecordPart Key { get; } = new(true);

    /// <summary>The record value.</summary>
    public static RecordPart Value { get; } = new(false);

    /// <summary>"key" or "value", for messages.</summary>
    public string Name => _isKey ? "key" : "value";

    public Schema? SchemaOf(ConnectRecord record) => _isKey ? record.KeySchema : record.ValueSchema;

    public object? ValueOf(ConnectRecord record) => _isKey ? record.Key : record.Value;

    /// <summary>A copy of <paramref name="record"/> with this part replaced (headers are duplicated).</summary>
    public ConnectRecord With(ConnectRecord record, Schema? schema, object? value) => _isKey
        ? record.NewRecord(record.Topic, record.KafkaPartition, schema, value, record.ValueSchema, record.Value, record.Timestamp)
        : record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, schema, value, record.Timestamp);

    /// <summary>A copy of <paramref name="record"/> with this part and the headers replaced.</summary>
    public ConnectRecord With(ConnectRecord record, Schema? schema, object? value, ConnectHeaders headers) => _isKey
        ? record.NewRecord(record.Topic, record.KafkaPartition, schema, value, record.ValueSchema, record.Value, record.Timestamp, headers)
        : record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, schema, value, record.Timestamp, headers);
}
