using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Kafka;

/// <summary>What one poll returned: records, and partitions assigned or revoked by a rebalance during the poll.</summary>
internal sealed record PollResult(IReadOnlyList<KafkaRecord> Records, IReadOnlyList<TopicPartition> Assigned, IReadOnlyList<TopicPartition> Revoked)
{
    public static PollResult Empty { get; } = new([], [], []);
}
