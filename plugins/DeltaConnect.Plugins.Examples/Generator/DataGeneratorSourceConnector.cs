using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Plugins.Examples.Generator;

/// <summary>
/// Generates deterministic records for demos, tests and benchmarks: record <c>n</c> has key <c>"key-n"</c> and a
/// struct value (<c>seq</c>, <c>name</c>, <c>score</c>, <c>created</c>) computed from <c>n</c>, so any consumer can
/// check what it received. The source offset is the sequence number; a restarted task continues after the last
/// stored one.
/// </summary>
[PluginAlias("DataGen")]
public sealed class DataGeneratorSourceConnector : SourceConnector
{
    /// <summary>The topic to write to.</summary>
    public const string TopicConfig = "topic";

    /// <summary>How many records to generate in total (-1: without end).</summary>
    public const string MaxRecordsConfig = "max.records";

    /// <summary>Records returned by one poll.</summary>
    public const string BatchSizeConfig = "batch.size";

    /// <summary>Pause between polls.</summary>
    public const string IntervalConfig = "interval.ms";

    /// <summary>Bytes of padding in each record's name (to control record size).</summary>
    public const string PaddingConfig = "padding.bytes";

    /// <summary>The options.</summary>
    public static ConfigDef Definition { get; } = new ConfigDef()
        .Define(TopicConfig, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "The topic to write to.")
        .Define(MaxRecordsConfig, ConfigType.Long, -1L, Validators.AtLeast(-1), Importance.Medium, "How many records to generate in total (-1: without end).")
        .Define(BatchSizeConfig, ConfigType.Int, 500, Validators.AtLeast(1), Importance.Low, "Records returned by one poll.")
        .Define(IntervalConfig, ConfigType.Long, 0L, Validators.AtLeast(0), Importance.Low, "Pause between polls in milliseconds.")
        .Define(PaddingConfig, ConfigType.Int, 0, Validators.Between(0, 1_000_000), Importance.Low, "Bytes of padding added to each record's name.");

    private IReadOnlyDictionary<string, string> _config = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _ = new ParsedConfig(Definition, config);
        _config = config;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_config];

    /// <inheritdoc />
    public override SourceTask CreateTask() => new DataGeneratorSourceTask();

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
