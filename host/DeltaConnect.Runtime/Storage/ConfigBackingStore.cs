using System.Globalization;
using System.Text;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Storage;

/// <summary>
/// Connector configs, task configs and target states in the config topic, with Kafka Connect's record layout so a
/// Kafka Connect user recognises it: <c>connector-&lt;name&gt;</c> → <c>{"properties":{...}}</c>,
/// <c>task-&lt;name&gt;-&lt;n&gt;</c> → <c>{"properties":{...}}</c>, <c>commit-&lt;name&gt;</c> → <c>{"tasks":N}</c> (task configs take
/// effect only once committed), <c>target-state-&lt;name&gt;</c> → <c>{"state":"PAUSED","state.v2":"STOPPED"}</c>.
/// The topic must have one partition (so records are totally ordered) and be compacted.
/// </summary>
internal sealed class ConfigBackingStore : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _connectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TargetState> _targetStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<ConnectorTaskId, IReadOnlyDictionary<string, string>> _uncommittedTasks = [];
    private readonly CompactedTopicLog _log;
    private readonly ILogger _logger;

    public ConfigBackingStore(IKafkaClients clients, string topic, short replicationFactor, ILogger logger)
    {
        _logger = logger;
        _log = new CompactedTopicLog(
            clients,
            new TopicSpecification(topic, 1, replicationFactor, new Dictionary<string, string> { ["cleanup.policy"] = "compact" }),
            Apply,
            description => description switch
            {
                { IsCompacted: false } => $"Config topic '{topic}' has cleanup.policy={description.Configs.GetValueOrDefault("cleanup.policy")}; it must be 'compact' or connector configs would be deleted by retention. Fix: kafka-configs --alter --entity-type topics --entity-name {topic} --add-config cleanup.policy=compact, or set config.storage.topic to a new topic.",
                { Partitions: not 1 } => $"Config topic '{topic}' has {description.Partitions} partitions; it must have exactly 1 so config records stay in order. Fix: set config.storage.topic to a new topic (it is created with 1 partition).",
                _ => null,
            },
            logger);
    }

    /// <summary>Raised on the reader thread after a connector config, task configs or a target state changed.</summary>
    public event Action<string>? ConnectorChanged;

    public Task StartAsync(CancellationToken cancellationToken) => _log.StartAsync(cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken) => _log.ReadToEndAsync(cancellationToken);

    public ConfigSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new ConfigSnapshot(
                new Dictionary<string, IReadOnlyDictionary<string, string>>(_connectors, StringComparer.Ordinal),
                new Dictionary<string, TargetState>(_targetStates, StringComparer.Ordinal),
                new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>>(_tasks, StringComparer.Ordinal));
        }
    }

    /// <summary>Writes a connector config (and, for new connectors, their initial target state) and waits until it is read back.</summary>
    public async Task PutConnectorConfigAsync(string connector, IReadOnlyDictionary<string, string> config, TargetState? targetState, CancellationToken cancellationToken)
    {
        if (targetState is { } state)
        {
            await _log.SendAsync(Key("target-state-", connector), TargetStateValue(state), cancellationToken);
        }

        await _log.SendAsync(Key("connector-", connector), InternalJson.Serialize(new Dictionary<string, object?> { ["properties"] = config }), cancellationToken);
        await _log.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Removes a connector's config and target state.</summary>
    public async Task RemoveConnectorConfigAsync(string connector, CancellationToken cancellationToken)
    {
        await _log.SendAsync(Key("connector-", connector), null, cancellationToken);
        await _log.SendAsync(Key("target-state-", connector), null, cancellationToken);
        await _log.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Writes a connector's task configs, then the commit record that makes them effective.</summary>
    public async Task PutTaskConfigsAsync(string connector, IReadOnlyList<IReadOnlyDictionary<string, string>> configs, CancellationToken cancellationToken)
    {
        for (var i = 0; i < configs.Count; i++)
        {
            await _log.SendAsync(Key("task-", new ConnectorTaskId(connector, i).ToString()), InternalJson.Serialize(new Dictionary<string, object?> { ["properties"] = configs[i] }), cancellationToken);
        }

        await _log.SendAsync(Key("commit-", connector), InternalJson.Serialize(new Dictionary<string, object?> { ["tasks"] = configs.Count }), cancellationToken);
        await _log.ReadToEndAsync(cancellationToken);
    }

    public async Task PutTargetStateAsync(string connector, TargetState state, CancellationToken cancellationToken)
    {
        await _log.SendAsync(Key("target-state-", connector), TargetStateValue(state), cancellationToken);
        await _log.ReadToEndAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _log.DisposeAsync();

    private static byte[] Key(string prefix, string name) => Encoding.UTF8.GetBytes(prefix + name);

    // Kafka Connect writes "state" for old readers (which know only STARTED and PAUSED) and "state.v2" (KIP-875).
    private static byte[] TargetStateValue(TargetState state) => InternalJson.Serialize(new Dictionary<string, object?>
    {
        ["state"] = state == TargetState.Started ? "STARTED" : "PAUSED",
        ["state.v2"] = state.ToString().ToUpperInvariant(),
    });

    private void Apply(KafkaRecord record)
    {
        var key = record.Key is null ? "" : Encoding.UTF8.GetString(record.Key);
        string? changed = null;
        try
        {
            lock (_lock)
            {
                changed = ApplyLocked(key, record.Value);
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            RuntimeLog.UnreadableConfigRecord(_logger, key, record.Offset, e.Message);
        }

        if (changed is not null)
        {
            ConnectorChanged?.Invoke(changed);
        }
    }

    private string? ApplyLocked(string key, byte[]? value)
    {
        if (key.StartsWith("connector-", StringComparison.Ordinal))
        {
            var connector = key["connector-".Length..];
            if (value is null)
            {
                _connectors.Remove(connector);
                _tasks.Remove(connector);
                _targetStates.Remove(connector);
            }
            else
            {
                _connectors[connector] = InternalJson.Strings(InternalJson.ParseObject(value, key).GetValueOrDefault("properties"));
            }

            return connector;
        }

        if (key.StartsWith("target-state-", StringComparison.Ordinal))
        {
            var connector = key["target-state-".Length..];
            if (value is null)
            {
                _targetStates.Remove(connector);
                return null;
            }

            var fields = InternalJson.ParseObject(value, key);
            var text = (fields.GetValueOrDefault("state.v2") ?? fields.GetValueOrDefault("state")) as string;
            _targetStates[connector] = text switch
            {
                "PAUSED" => TargetState.Paused,
                "STOPPED" => TargetState.Stopped,
                _ => TargetState.Started,
            };
            return connector;
        }

        if (key.StartsWith("task-", StringComparison.Ordinal) && value is not null && TryParseTaskId(key["task-".Length..], out var id))
        {
            _uncommittedTasks[id] = InternalJson.Strings(InternalJson.ParseObject(value, key).GetValueOrDefault("properties"));
            return null;
        }

        if (key.StartsWith("commit-", StringComparison.Ordinal) && value is not null)
        {
            var connector = key["commit-".Length..];
            var count = Convert.ToInt32(InternalJson.ParseObject(value, key).GetValueOrDefault("tasks") ?? 0, CultureInfo.InvariantCulture);
            var tasks = new List<IReadOnlyDictionary<string, string>>(count);
            for (var i = 0; i < count; i++)
            {
                if (!_uncommittedTasks.Remove(new ConnectorTaskId(connector, i), out var config) &&
                    !(_tasks.TryGetValue(connector, out var previous) && i < previous.Count && (config = previous[i]) is not null))
                {
                    // An incomplete set of task configs: Kafka Connect ignores such a commit until the tasks are rewritten.
                    RuntimeLog.IncompleteTaskConfigs(_logger, connector, i, count);
                    return null;
                }

                tasks.Add(config!);
            }

            _tasks[connector] = tasks;
            return connector;
        }

        return null;
    }

    private static bool TryParseTaskId(string text, out ConnectorTaskId id)
    {
        id = default;
        var dash = text.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var task))
        {
            return false;
        }

        id = new ConnectorTaskId(text[..dash], task);
        return true;
    }
}
