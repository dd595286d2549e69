namespace DeltaConnect.Benchmarks.Throughput;

/// <summary>The median of each figure over a broker's measured runs (each figure's median taken on its own).</summary>
internal sealed record ThroughputSummary(
    double ProduceMegabytesPerSecond,
    double ProduceMessagesPerSecond,
    double ProduceLatencyP99Milliseconds,
    double ConsumeMegabytesPerSecond,
    double ConsumeMessagesPerSecond)
{
    /// <summary>Medians over <paramref name="runs"/> (at least one).</summary>
    public static ThroughputSummary Of(IReadOnlyList<ThroughputRunResult> runs) =>
        new(
            Median(runs.Select(r => r.Produce.MegabytesPerSecond)),
            Median(runs.Select(r => r.Produce.MessagesPerSecond)),
            Median(runs.Select(r => r.Produce.LatencyP99Milliseconds)),
            Median(runs.Select(r => r.Consume.MegabytesPerSecond)),
            Median(runs.Select(r => r.Consume.MessagesPerSecond)));

    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
