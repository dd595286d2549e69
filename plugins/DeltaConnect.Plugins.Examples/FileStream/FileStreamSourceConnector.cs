using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Plugins.Examples.FileStream;

/// <summary>
/// Reads a text file line by line into a topic (Kafka Connect's FileStreamSourceConnector, same options): each line
/// becomes a record with a string value; the byte position after it is the source offset, so a restarted task
/// continues where it stopped. Lines appended to the file later are picked up.
/// </summary>
[PluginAlias("org.apache.kafka.connect.file.FileStreamSourceConnector")]
public sealed class FileStreamSourceConnector : SourceConnector
{
    /// <summary>The file to read.</summary>
    public const string FileConfig = "file";

    /// <summary>The topic to write to.</summary>
    public const string TopicConfig = "topic";

    /// <summary>Most lines returned by one poll.</summary>
    public const string BatchSizeConfig = "batch.size";

    /// <summary>The options.</summary>
    public static ConfigDef Definition { get; } = new ConfigDef()
        .Define(FileConfig, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "Path of the file to read.")
        .Define(TopicConfig, ConfigType.List, ConfigDef.NoDefaultValue, Validators.Lambda(v => v is IReadOnlyList<string> { Count: 1 } ? null : "give exactly one topic", "a single topic"), Importance.High, "The topic to publish lines to.")
        .Define(BatchSizeConfig, ConfigType.Int, 2000, Validators.AtLeast(1), Importance.Low, "Most lines returned by one poll.");

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
    public override SourceTask CreateTask() => new FileStreamSourceTask();

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
