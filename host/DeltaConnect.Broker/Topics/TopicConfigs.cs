using System.Collections.Frozen;
using System.Globalization;

namespace DeltaConnect.Broker.Topics;

/// <summary>
/// The topic configs the broker knows, with Kafka's names and defaults. Values are validated where they are
/// set (CreateTopics, AlterConfigs, IncrementalAlterConfigs) with a message that names the config and the fix.
/// Configs that only matter to a replicated cluster are accepted and reported but have no effect here.
/// </summary>
internal static class TopicConfigs
{
    public const string CleanupPolicy = "cleanup.policy";
    public const string CompressionType = "compression.type";
    public const string DeleteRetentionMs = "delete.retention.ms";
    public const string FlushMessages = "flush.messages";
    public const string FlushMs = "flush.ms";
    public const string IndexIntervalBytes = "index.interval.bytes";
    public const string MaxCompactionLagMs = "max.compaction.lag.ms";
    public const string MaxMessageBytes = "max.message.bytes";
    public const string MessageTimestampType = "message.timestamp.type";
    public const string MinCleanableDirtyRatio = "min.cleanable.dirty.ratio";
    public const string MinCompactionLagMs = "min.compaction.lag.ms";
    public const string MinInsyncReplicas = "min.insync.replicas";
    public const string RetentionBytes = "retention.bytes";
    public const string RetentionMs = "retention.ms";
    public const string SegmentBytes = "segment.bytes";
    public const string SegmentMs = "segment.ms";

    private static readonly string LongMax = long.MaxValue.ToString(CultureInfo.InvariantCulture);

    public static FrozenDictionary<string, TopicConfigDefinition> All { get; } = new TopicConfigDefinition[]
    {
        new(CleanupPolicy, TopicConfigType.List, "delete", "log.cleanup.policy", ValidateCleanupPolicy,
            "delete: remove old segments by retention.ms/retention.bytes; compact: keep the latest record per key; both: compact,delete."),
        new(CompressionType, TopicConfigType.String, "producer", "compression.type", v => v == "producer" ? null : $"compression.type={v} is not supported: this broker stores batches as the producer compressed them; use 'producer'.",
            "Only 'producer' (keep the producer's codec) is supported."),
        new(DeleteRetentionMs, TopicConfigType.Long, "86400000", "log.cleaner.delete.retention.ms", NonNegativeLong(DeleteRetentionMs),
            "How long tombstones on a compacted topic survive after the cleaner first passed them."),
        new("file.delete.delay.ms", TopicConfigType.Long, "60000", "log.segment.delete.delay.ms", NonNegativeLong("file.delete.delay.ms"),
            "Accepted; segments are deleted as soon as no reader holds them.", Effective: false),
        new(FlushMessages, TopicConfigType.Long, LongMax, "log.flush.interval.messages", PositiveLong(FlushMessages),
            "fsync after this many messages (batches are always written to the OS before being acknowledged)."),
        new(FlushMs, TopicConfigType.Long, LongMax, "log.flush.interval.ms", NonNegativeLong(FlushMs),
            "fsync when the oldest unflushed write is this old."),
        new("follower.replication.throttled.replicas", TopicConfigType.List, "", null, _ => null, "Accepted; there are no followers.", Effective: false),
        new(IndexIntervalBytes, TopicConfigType.Int, "4096", "log.index.interval.bytes", IntRange(IndexIntervalBytes, 1, int.MaxValue),
            "Bytes of log between offset index entries."),
        new("leader.replication.throttled.replicas", TopicConfigType.List, "", null, _ => null, "Accepted; there are no followers.", Effective: false),
        new(MaxCompactionLagMs, TopicConfigType.Long, LongMax, "log.cleaner.max.compaction.lag.ms", PositiveLong(MaxCompactionLagMs),
            "A record older than this makes its segment eligible for compaction regardless of the dirty ratio."),
        new(MaxMessageBytes, TopicConfigType.Int, "1048588", "message.max.bytes", IntRange(MaxMessageBytes, 0, int.MaxValue),
            "Largest record batch the topic accepts."),
        new("message.downconversion.enable", TopicConfigType.Boolean, "true", "log.message.downconversion.enable", Boolean("message.downconversion.enable"),
            "Accepted; only record batch v2 clients are supported.", Effective: false),
        new(MessageTimestampType, TopicConfigType.String, "CreateTime", "log.message.timestamp.type",
            v => v is "CreateTime" or "LogAppendTime" ? null : $"message.timestamp.type={v} is invalid: use CreateTime or LogAppendTime.",
            "CreateTime keeps the producer's timestamps; LogAppendTime stamps batches with the broker's clock."),
        new(MinCleanableDirtyRatio, TopicConfigType.Double, "0.5", "log.cleaner.min.cleanable.ratio", ValidateRatio,
            "Compact when the uncompacted part of the log is at least this fraction of it."),
        new(MinCompactionLagMs, TopicConfigType.Long, "0", "log.cleaner.min.compaction.lag.ms", NonNegativeLong(MinCompactionLagMs),
            "Records younger than this are never compacted."),
        new(MinInsyncReplicas, TopicConfigType.Int, "1", "min.insync.replicas", IntRange(MinInsyncReplicas, 1, int.MaxValue),
            "With acks=all, produce fails with NOT_ENOUGH_REPLICAS when this exceeds 1 (a single node is the only replica)."),
        new("preallocate", TopicConfigType.Boolean, "false", "log.preallocate", Boolean("preallocate"), "Accepted; segments are not preallocated.", Effective: false),
        new(RetentionBytes, TopicConfigType.Long, "-1", "log.retention.bytes", LongAtLeast(RetentionBytes, -1),
            "Delete the oldest segments while a partition is larger than this (-1: no limit)."),
        new(RetentionMs, TopicConfigType.Long, "604800000", "log.retention.ms", LongAtLeast(RetentionMs, -1),
            "Delete segments whose newest record is older than this (-1: keep forever)."),
        new(SegmentBytes, TopicConfigType.Int, "1073741824", "log.segment.bytes", IntRange(SegmentBytes, 100, int.MaxValue),
            "Roll to a new segment when the active one would exceed this size."),
        new("segment.index.bytes", TopicConfigType.Int, "10485760", "log.index.size.max.bytes", IntRange("segment.index.bytes", 4, int.MaxValue),
            "Accepted; index files grow as needed.", Effective: false),
        new("segment.jitter.ms", TopicConfigType.Long, "0", "log.roll.jitter.ms", NonNegativeLong("segment.jitter.ms"), "Accepted; no jitter is applied.", Effective: false),
        new(SegmentMs, TopicConfigType.Long, "604800000", "log.roll.ms", PositiveLong(SegmentMs),
            "Roll to a new segment when the active one is this old, so retention and compaction can reach its records."),
        new("unclean.leader.election.enable", TopicConfigType.Boolean, "false", "unclean.leader.election.enable", Boolean("unclean.leader.election.enable"),
            "Accepted; a single node is always the leader.", Effective: false),
    }.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Checks one config; null when valid, else a message naming the config and the fix.</summary>
    public static string? Validate(string name, string? value)
    {
        if (!All.TryGetValue(name, out var definition))
        {
            return $"Unknown topic config '{name}'. Known configs: {string.Join(", ", All.Keys.Order(StringComparer.Ordinal))}.";
        }

        return value is null ? null : definition.Validate(value.Trim());
    }

    private static string? ValidateCleanupPolicy(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && parts.All(p => p is "delete" or "compact")
            ? null
            : $"cleanup.policy={value} is invalid: use delete, compact, or compact,delete.";
    }

    private static string? ValidateRatio(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? null
            : $"min.cleanable.dirty.ratio={value} is invalid: use a number between 0 and 1.";

    private static Func<string, string?> NonNegativeLong(string name) => LongAtLeast(name, 0);

    private static Func<string, string?> PositiveLong(string name) => LongAtLeast(name, 1);

    private static Func<string, string?> LongAtLeast(string name, long minimum) => value =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum
            ? null
            : $"{name}={value} is invalid: use a whole number of at least {minimum}.";

    private static Func<string, string?> IntRange(string name, int minimum, int maximum) => value =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum && parsed <= maximum
            ? null
            : $"{name}={value} is invalid: use a whole number between {minimum} and {maximum}.";

    private static Func<string, string?> Boolean(string name) => value =>
        value is "true" or "false" ? null : $"{name}={value} is invalid: use true or false.";
}
