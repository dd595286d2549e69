namespace DeltaConnect.Broker.Groups;

/// <summary>A committed consumer group offset.</summary>
internal sealed record CommittedOffset(long Offset, int LeaderEpoch, string? Metadata, long CommitTimestamp);
