using System.Globalization;
using DeltaConnect.Broker.Topics;

namespace DeltaConnect.Broker.Storage;

/// <summary>The effective settings of one topic's logs: topic overrides over broker defaults over Kafka's defaults.</summary>
internal sealed record LogConfig
{
    public bool Delete { get; init; } = true;

    public bool Compact { get; init; }

    public long RetentionMs { get; init; }

    public long RetentionBytes { get; init; }

    public int SegmentBytes { get; init; }

    public long SegmentMs { get; init; }

    public long MinCompactionLagMs { get; init; }

    public long MaxCompactionLagMs { get; init; }

    public long DeleteRetentionMs { get; init; }

    public double MinCleanableDirtyRatio { get; init; }

    public int MaxMessageBytes { get; init; }

    public bool LogAppendTime { get; init; }

    public long FlushMessages { get; init; }

    public long FlushMs { get; init; }

    public int IndexIntervalBytes { get; init; }

    public int MinInsyncReplicas { get; init; }

    /// <summary>Builds the effective config from a resolver that returns each config's value.</summary>
    public static LogConfig From(Func<string, string> value)
    {
        var policy = value(TopicConfigs.CleanupPolicy).Split(',', StringSplitOptions.TrimEntries);
        return new LogConfig
        {
            Delete = policy.Contains("delete"),
            Compact = policy.Contains("compact"),
            RetentionMs = Long(TopicConfigs.RetentionMs),
            RetentionBytes = Long(TopicConfigs.RetentionBytes),
            SegmentBytes = (int)Long(TopicConfigs.SegmentBytes),
            SegmentMs = Long(TopicConfigs.SegmentMs),
            MinCompactionLagMs = Long(TopicConfigs.MinCompactionLagMs),
            MaxCompactionLagMs = Long(TopicConfigs.MaxCompactionLagMs),
            DeleteRetentionMs = Long(TopicConfigs.DeleteRetentionMs),
            MinCleanableDirtyRatio = double.Parse(value(TopicConfigs.MinCleanableDirtyRatio), CultureInfo.InvariantCulture),
            MaxMessageBytes = (int)Long(TopicConfigs.MaxMessageBytes),
            LogAppendTime = value(TopicConfigs.MessageTimestampType) == "LogAppendTime",
            FlushMessages = Long(TopicConfigs.FlushMessages),
            FlushMs = Long(TopicConfigs.FlushMs),
            IndexIntervalBytes = (int)Long(TopicConfigs.IndexIntervalBytes),
            MinInsyncReplicas = (int)Long(TopicConfigs.MinInsyncReplicas),
        };

        long Long(string name) => long.Parse(value(name), CultureInfo.InvariantCulture);
    }
}
