using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>
/// Writes topics into Apache Iceberg tables (format v2) in a filesystem or REST catalog: appends plain records, upserts and
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
    public override async Task<IReadOnlyList<ConfigValue>> ValidateAsync(IReadOnlyDictionary<string, string?> config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var results = await base.ValidateAsync(config, cancellationToken);
        var type = config.GetValueOrDefault(IcebergSinkConfig.CatalogType) ?? IcebergSinkConfig.HadoopCatalog;
        if (IcebergSinkConfig.MissingCatalogOption(type, config.GetValueOrDefault(IcebergSinkConfig.CatalogWarehouse), config.GetValueOrDefault(IcebergSinkConfig.CatalogUri)) is { } missing)
        {
            results.Single(r => r.Name == missing.Name).AddError(new ConfigException(missing.Name, "", missing.Fix).Message);
        }

        return results;
    }

    /// <inheritdoc />
    public override SinkTask CreateTask() => new IcebergSinkTask();

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
