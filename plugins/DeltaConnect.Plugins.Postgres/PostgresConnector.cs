using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// Captures row changes of a Postgres database through logical replication (pgoutput) and writes them as
/// Debezium-compatible change events to <c>&lt;topic.prefix&gt;.&lt;schema&gt;.&lt;table&gt;</c>. One task per slot.
/// </summary>
[PluginAlias("io.debezium.connector.postgresql.PostgresConnector")]
public sealed class PostgresConnector : SourceConnector
{
    private IReadOnlyDictionary<string, string> _config = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override ConfigDef Config => PostgresConnectorConfig.Definition;

    /// <inheritdoc />
    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _ = new PostgresConnectorConfig(config);
        _config = config;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_config];

    /// <inheritdoc />
    public override SourceTask CreateTask() => new PostgresSourceTask();

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Checks the options, then the server: that it can be reached with the credentials, that wal_level is logical,
    /// that the user may replicate, that the tables exist and that the slot is not in use elsewhere.
    /// </summary>
    public override async Task<IReadOnlyList<ConfigValue>> ValidateAsync(IReadOnlyDictionary<string, string?> config, CancellationToken cancellationToken)
    {
        var values = Config.Validate(config);
        if (values.Any(v => v.ErrorMessages.Count > 0))
        {
            return values;
        }

        var parsed = new PostgresConnectorConfig(config.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!));
        void Fail(string option, string message) => values.First(v => v.Name == option).AddError(message);
        try
        {
            await using var catalog = await PostgresCatalog.OpenAsync(parsed, cancellationToken);
            if (await catalog.CheckReplicationAsync(cancellationToken) is { } problem)
            {
                Fail(problem.Option, problem.Message);
            }

            if (parsed.GetString(PostgresConnectorConfig.PublicationAutocreateMode) == "filtered" && (await catalog.CapturedTablesAsync(cancellationToken)).Count == 0)
            {
                Fail(PostgresConnectorConfig.TableIncludeList,
                    $"No table of database '{parsed.GetString(PostgresConnectorConfig.DbName)}' matches table.include.list/table.exclude.list (patterns match schema.table, e.g. public.orders).");
            }

            var slot = parsed.GetString(PostgresConnectorConfig.SlotName)!;
            if (await catalog.SlotAsync(slot, cancellationToken) is { } existing)
            {
                if (existing.Plugin != "pgoutput")
                {
                    Fail(PostgresConnectorConfig.SlotName, $"Slot '{slot}' exists with plugin '{existing.Plugin}'; this connector needs a pgoutput slot. Drop it or choose another slot.name.");
                }
                else if (existing.Database != parsed.GetString(PostgresConnectorConfig.DbName))
                {
                    Fail(PostgresConnectorConfig.SlotName, $"Slot '{slot}' belongs to database '{existing.Database}'. Choose another slot.name.");
                }
            }
        }
        catch (ConnectionProblem problem)
        {
            Fail(problem.Option, problem.Message);
        }

        return values;
    }
}
