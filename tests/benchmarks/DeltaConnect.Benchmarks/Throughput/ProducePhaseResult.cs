namespace DeltaConnect.Benchmarks.Throughput;

/// <summary>
/// The produce half of a run: wall-clock time from the first Produce call to the last delivery report, and
/// per-message latency from the Produce call that accepted the message to its delivery report (acks=all).
/// </summary>
internal sealed record ProducePhaseResult(
    double Seconds,
    double MegabytesPerSecond,
    double MessagesPerSecond,
    double LatencyP50Milliseconds,
    double LatencyP99Milliseconds,
    double LatencyMaxMilliseconds);
