namespace DeltaConnect.Benchmarks.Throughput;

/// <summary>
/// The consume half of a run: reading all messages from the beginning, timed from the moment the consumer
/// group assigned the partition to the last message received. Joining the group is reported separately.
/// </summary>
internal sealed record ConsumePhaseResult(
    double Seconds,
    double MegabytesPerSecond,
    double MessagesPerSecond,
    double GroupJoinSeconds);
