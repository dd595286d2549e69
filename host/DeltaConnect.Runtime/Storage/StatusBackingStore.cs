using System.Globalization;
using System.Text;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Storage;

/// <summary>
/// Connector and task statuses in the status topic, as Kafka Connect writes them: <c>status-connector-&lt;name&gt;</c>
/// and <c>status-task-&lt;name&gt;-&lt;n&gt;</c> → <c>{"state":"RUNNING","trace":null,"worker_id":"host:port","generation":1}</c>.
/// The local view is updated at once; writes reach the topic asynchronously.
/// </summary>
internal sealed class StatusBackingStore : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StatusRecord> _connectors = new(StringComparer.Ordinal);
    private readonly Dictionary<ConnectorTaskId, StatusRecord> _tasks = [];
    private readonly CompactedTopicLog _log;
    private readonly ILogger _logger;

    public StatusBackingStore(IKafkaClients clients, string topic, int partitions, short replicationFactor, ILogger logger)
    {
        _logger = logger;
        _log = new CompactedTopicLog(
            clients,
            new TopicSpecification(topic, partitions, replicationFactor, new Dictionary<string, string> { ["cleanup.policy"] = "compact" }),
            Apply,
            description => description.IsCompacted
                ? null
                : $"Status topic '{topic}' has cleanup.policy={description.Configs.GetValueOrDefault("cleanup.policy")}; it must be 'compact'. Fix: set cleanup.policy=compact on it, or set status.storage.topic to a new topic.",
            logger);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _log.StartAsync(cancellationToken);

    public StatusRecord? Get(string connector)
    {
        lock (_lock)
        {
            return _connectors.GetValueOrDefault(connector);
        }
    }

    public StatusRecord? Get(ConnectorTaskId task)
    {
        lock (_lock)
        {
            return _tasks.GetValueOrDefault(task);
        }
    }

    public IReadOnlyList<KeyValuePair<ConnectorTaskId, StatusRecord>> Tasks(string connector)
    {
        lock (_lock)
        {
            return [.. _tasks.Where(t => t.Key.Connector == connector).OrderBy(t => t.Key.Task)];
        }
    }

    public Task PutAsync(string connector, StatusRecord status, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _connectors[connector] = status;
        }

        return _log.SendAsync(Encoding.UTF8.GetBytes("status-connector-" + connector), Serialize(status), cancellationToken);
    }

    public Task PutAsync(ConnectorTaskId task, StatusRecord status, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _tasks[task] = status;
        }

        return _log.SendAsync(Encoding.UTF8.GetBytes("status-task-" + task), Serialize(status), cancellationToken);
    }

    /// <summary>Removes a deleted connector's statuses (and its tasks').</summary>
    public async Task RemoveAsync(string connector, CancellationToken cancellationToken)
    {
        List<ConnectorTaskId> tasks;
        lock (_lock)
        {
            _connectors.Remove(connector);
            tasks = [.. _tasks.Keys.Where(t => t.Connector == connector)];
            foreach (var task in tasks)
            {
                _tasks.Remove(task);
            }
        }

        await _log.SendAsync(Encoding.UTF8.GetBytes("status-connector-" + connector), null, cancellationToken);
        foreach (var task in tasks)
        {
            await _log.SendAsync(Encoding.UTF8.GetBytes("status-task-" + task), null, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _log.DisposeAsync();

    private static byte[] Serialize(StatusRecord status) => InternalJson.Serialize(new Dictionary<string, object?>
    {
        ["state"] = status.State.ToString().ToUpperInvariant(),
        ["trace"] = status.Trace,
        ["worker_id"] = status.WorkerId,
        ["generation"] = status.Generation,
    });

    private void Apply(KafkaRecord record)
    {
        if (record.Key is null)
        {
            return;
        }

        var key = Encoding.UTF8.GetString(record.Key);
        StatusRecord? status = null;
        if (record.Value is not null)
        {
            try
            {
                var fields = InternalJson.ParseObject(record.Value, key);
                status = new StatusRecord(
                    Enum.TryParse<WorkerState>(fields.GetValueOrDefault("state") as string, ignoreCase: true, out var state) ? state : WorkerState.Unassigned,
                    fields.GetValueOrDefault("trace") as string,
                    fields.GetValueOrDefault("worker_id") as string ?? "",
                    Convert.ToInt32(fields.GetValueOrDefault("generation") ?? 0, CultureInfo.InvariantCulture));
            }
            catch (System.Text.Json.JsonException e)
            {
                RuntimeLog.UnreadableStatusRecord(_logger, key, e.Message);
                return;
            }
        }

        lock (_lock)
        {
            if (key.StartsWith("status-connector-", StringComparison.Ordinal))
            {
                var connector = key["status-connector-".Length..];
                Set(_connectors, connector, status);
            }
            else if (key.StartsWith("status-task-", StringComparison.Ordinal))
            {
                var text = key["status-task-".Length..];
                var dash = text.LastIndexOf('-');
                if (dash > 0 && int.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var task))
                {
                    Set(_tasks, new ConnectorTaskId(text[..dash], task), status);
                }
            }
        }
    }

    // Our own writes are already in the local view; records from the topic only fill in what it lacks (e.g. at start-up).
    private static void Set<TKey>(Dictionary<TKey, StatusRecord> map, TKey key, StatusRecord? status)
        where TKey : notnull
    {
        if (status is null)
        {
            map.Remove(key);
        }
        else if (!map.TryGetValue(key, out var current) || current.Generation <= status.Generation)
        {
            map[key] = status;
        }
    }
}
