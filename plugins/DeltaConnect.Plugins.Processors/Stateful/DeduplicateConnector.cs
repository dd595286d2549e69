using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Processors;

namespace DeltaConnect.Plugins.Processors.Stateful;

/// <summary>
/// Drops records that repeat the latest value of their key and forwards the rest to an output topic: redelivered
/// change events (at-least-once sources and pipelines), replays after a restart, and updates that changed nothing.
/// What each key last carried is kept in the processor's state store (restored from the changelog on any worker) and
/// forgotten <c>retention.ms</c> after the key's last change, by a durable timer.
/// </summary>
/// <remarks>
/// Values are compared by a 128-bit fingerprint of their Connect data (<see cref="ConnectDataHash"/>), so a value
/// read through a different converter or schema version with the same content is still a duplicate. Records without
/// a key are forwarded unchanged. The output partition is chosen from the key, as the Java producer would.
/// </remarks>
public sealed class DeduplicateConnector : ProcessorConnector
{
    /// <summary>Where forwarded records go; <c>${topic}</c> is replaced by the input topic.</summary>
    public const string OutputTopicFormatConfig = "output.topic.format";

    /// <summary>How long a key's latest value is remembered after its last change (ms); -1 forever.</summary>
    public const string RetentionMsConfig = "retention.ms";

    /// <summary>The options.</summary>
    public static ConfigDef Definition { get; } = new ConfigDef()
        .Define(OutputTopicFormatConfig, ConfigType.String, "${topic}-deduplicated", Validators.NonEmptyString(), Importance.High,
            "Topic to forward records to; ${topic} stands for the input topic.")
        .Define(RetentionMsConfig, ConfigType.Long, 7L * 24 * 60 * 60 * 1000, Validators.AtLeast(-1), Importance.Medium,
            "How long to remember a key's latest value after its last change, in milliseconds (-1: forever). A duplicate arriving later is forwarded again.");

    private IReadOnlyDictionary<string, string> _config = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        var parsed = new ParsedConfig(Definition, config);
        if (parsed.GetLong(RetentionMsConfig) == 0)
        {
            throw new Sdk.Errors.ConfigException(RetentionMsConfig, "0", "a retention of 0 forgets every value at once, so nothing would be de-duplicated; use a positive number of milliseconds or -1 (forever).");
        }

        _config = config;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) =>
        [.. Enumerable.Repeat(_config, maxTasks)];

    /// <inheritdoc />
    public override ProcessorTask CreateTask() => new DeduplicateTask();

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
