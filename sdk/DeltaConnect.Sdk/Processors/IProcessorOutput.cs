using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Processors;

/// <summary>
/// Where a processor task sends its results. They are produced to Kafka only if the call that emitted them returns,
/// and the input offsets are committed only after Kafka acknowledged them.
/// </summary>
public interface IProcessorOutput
{
    /// <summary>
    /// Emits a record to <see cref="ConnectRecord.Topic"/> and <see cref="ConnectRecord.KafkaPartition"/> (the record's
    /// key and value are converted by the task's converters). A <see cref="SinkRecord"/> derived from an input record
    /// keeps the input's partition number; use the other overload to let the key choose.
    /// </summary>
    void Emit(ConnectRecord record);

    /// <summary>
    /// Emits a new record to <paramref name="topic"/>; a null <paramref name="partition"/> lets the producer choose it
    /// from the serialized key, as the Java producer does (murmur2), so co-partitioned topics stay co-partitioned.
    /// </summary>
    void Emit(string topic, int? partition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp = null, ConnectHeaders? headers = null) =>
        Emit(new SourceRecord(NoSource, NoSource, topic, partition, keySchema, key, valueSchema, value, timestamp, headers));

    private static readonly IReadOnlyDictionary<string, object?> NoSource = new Dictionary<string, object?>();
}
