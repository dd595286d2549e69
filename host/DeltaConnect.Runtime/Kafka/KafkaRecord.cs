using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Kafka;

/// <summary>A record consumed from Kafka, with raw key, value and header bytes.</summary>
internal sealed record KafkaRecord(
    string Topic,
    int Partition,
    long Offset,
    byte[]? Key,
    byte[]? Value,
    long Timestamp,
    TimestampType TimestampType,
    IReadOnlyList<KeyValuePair<string, byte[]?>> Headers)
{
    public TopicPartition TopicPartition => new(Topic, Partition);
}
