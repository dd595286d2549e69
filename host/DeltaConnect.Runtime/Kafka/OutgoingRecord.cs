namespace DeltaConnect.Runtime.Kafka;

/// <summary>A record to produce, already converted to bytes. A null partition lets the producer choose by key.</summary>
internal sealed record OutgoingRecord(
    string Topic,
    int? Partition,
    byte[]? Key,
    byte[]? Value,
    long? Timestamp,
    IReadOnlyList<KeyValuePair<string, byte[]?>> Headers);
