using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Plugins.Examples.FileStream;

/// <summary>
/// Appends the values of consumed records to a text file, one per line (Kafka Connect's FileStreamSinkConnector, same
/// options). Lines are flushed to disk before offsets are committed.
/// </summary>
[PluginAlias("org.apache.kafka.connect.file.FileStreamSinkConnector")]
public sealed class FileStreamSinkConnector : SinkConnector
{
    /// <summary>The file to write.</summary>
    public const string FileConfig = "file";

    /// <summary>The options.</summary>
    public static ConfigDef Definition { get; } = new ConfigDef()
        .Define(FileConfig, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "Path of the file to append to.");

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
    public override SinkTask CreateTask() => new FileStreamSinkTask();

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
