using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Runtime.Configuration;

/// <summary>
/// Processor connector settings: the topics to consume (as for sinks), where the state's changelog lives, and how often
/// results, state and offsets are committed together.
/// </summary>
internal sealed class ProcessorConnectorConfig : SinkConnectorConfig
{
    public const string StateChangelogTopic = "state.changelog.topic";
    public const string StateChangelogReplicationFactor = "state.changelog.replication.factor";
    public const string CommitIntervalMs = "commit.interval.ms";

    private const string StateGroup = "State";

    public static new ConfigDef ConfigDef { get; } = new ConfigDef()
        .Merge(SinkConnectorConfig.ConfigDef)
        .Define(StateChangelogTopic, ConfigType.String, "", null, Importance.Medium,
            "Compacted topic holding the state stores' changes, one partition per input partition (default: connect-<name>-state-changelog).", StateGroup, 1)
        .Define(StateChangelogReplicationFactor, ConfigType.Short, (short)-1, null, Importance.Low,
            "Replication factor of the changelog topic when it is created (-1: broker default).", StateGroup, 2)
        .Define(CommitIntervalMs, ConfigType.Long, 100L, Validators.AtLeast(1), Importance.Medium,
            "How often emitted records are flushed, state changes logged and input offsets committed; a failure redoes at most this much work.", StateGroup, 3);

    public ProcessorConnectorConfig(IReadOnlyDictionary<string, string> originals)
        : base(ConfigDef, originals, "a processor connector")
    {
    }

    /// <summary>The changelog topic: the configured name, or connect-&lt;connector name&gt;-state-changelog.</summary>
    public string ChangelogTopic => GetString(StateChangelogTopic) is { Length: > 0 } topic ? topic : $"connect-{ConnectorName}-state-changelog";
}
