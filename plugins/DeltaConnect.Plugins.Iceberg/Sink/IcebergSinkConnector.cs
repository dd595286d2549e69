using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>
/// Writes topics into Apache Iceberg tables (format v2) in a filesystem catalog: appends plain records, upserts and
/// deletes change events (Debezium envelopes, a cdc field, or id columns) through equality deletes, and commits
/// exactly once with the consumer offsets kept in each snapshot's summary (docs/connectors/iceberg.md).
/// </summary>
[PluginAlias("org.apache.iceberg.connect.IcebergSinkConnector")]
public sealed class IcebergSinkConnector : SinkConnector
{
    private IReadOnlyDictionary<string, string> _config = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override ConfigDef Config => IcebergSinkConfig.Definition;

    /// <inheritdoc />
    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _ = new IcebergSinkConfig(config);
        _config = config;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [.. Enumerable.Repeat(_config, Math.Max(1, maxTasks))];

    /// <inheritdoc />
    public override SinkTask CreateTask() => new IcebergSinkTask();

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
