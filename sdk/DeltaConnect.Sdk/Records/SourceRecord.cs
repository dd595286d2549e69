using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Sdk.Records;

/// <summary>
/// A record produced by a source task. <see cref="SourcePartition"/> identifies where in the source it comes from
/// (a table, a file) and <see cref="SourceOffset"/> how far the task has read there (an LSN, a byte position). The
/// runtime stores the offset once the record is acknowledged by Kafka, and gives it back through
/// <see cref="Source.IOffsetStorageReader"/> when the task restarts. Values in both maps must be strings, numbers or
/// booleans (they are stored as JSON).
/// </summary>
public sealed class SourceRecord : ConnectRecord
{
    /// <summary>Creates a source record.</summary>
    public SourceRecord(
        IReadOnlyDictionary<string, object?> sourcePartition,
        IReadOnlyDictionary<string, object?> sourceOffset,
        string topic,
        int? kafkaPartition,
        Schema? keySchema,
        object? key,
        Schema? valueSchema,
        object? value,
        long? timestamp = null,
        ConnectHeaders? headers = null)
        : base(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers)
    {
        ArgumentNullException.ThrowIfNull(sourcePartition);
        ArgumentNullException.ThrowIfNull(sourceOffset);
        SourcePartition = sourcePartition;
        SourceOffset = sourceOffset;
    }

    /// <summary>Creates a source record with a schemaless-or-typed value and no key.</summary>
    public SourceRecord(IReadOnlyDictionary<string, object?> sourcePartition, IReadOnlyDictionary<string, object?> sourceOffset, string topic, Schema? valueSchema, object? value)
        : this(sourcePartition, sourceOffset, topic, null, null, null, valueSchema, value)
    {
    }

    /// <summary>Where in the source the record comes from.</summary>
    public IReadOnlyDictionary<string, object?> SourcePartition { get; }

    /// <summary>How far reading the source partition has got with this record.</summary>
    public IReadOnlyDictionary<string, object?> SourceOffset { get; }

    /// <inheritdoc />
    public override ConnectRecord NewRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp, ConnectHeaders? headers) =>
        new SourceRecord(SourcePartition, SourceOffset, topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers);
}
