namespace DeltaConnect.Sdk.Records;

/// <summary>Where Kafka stored a record a source task produced.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">The offset.</param>
/// <param name="Timestamp">The record's timestamp in milliseconds since the epoch.</param>
public sealed record RecordMetadata(string Topic, int Partition, long Offset, long Timestamp);
