namespace DeltaConnect.Runtime.Herder;

/// <summary>
/// One offset of a connector as the REST API shows and takes it: a source partition and its offset, or for sinks
/// Kafka Connect's fixed shape <c>{"kafka_topic":..,"kafka_partition":..}</c> → <c>{"kafka_offset":..}</c>.
/// A null offset (when altering) removes the partition's offset.
/// </summary>
internal sealed record ConnectorOffset(IReadOnlyDictionary<string, object?> Partition, IReadOnlyDictionary<string, object?>? Offset);
