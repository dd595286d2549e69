using System.Globalization;
using System.Text;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Storage;

/// <summary>
/// Connector and task statuses in the status topic, as Kafka Connect writes them: <c>status-connector-&lt;name&gt;</c>
/// and <c>status-task-&lt;name&gt;-&lt;n&gt;</c> → <c>{"state":"RUNNING","trace":null,"worker_id":"host:port","generation":1}</c>.
/// Active topics (Kafka Connect's topic tracking) live there too: <c>topic-&lt;topic&gt;-connector-&lt;name&gt;</c> →
/// <c>{"topic":{"name":..,"connector":..,"task":..,"discoverTimestamp":..}}</c>.
/// The local view is updated at once; writes reach the topic asynchronously.
/// </summary>
internal sealed class StatusBackingStore : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StatusRecord> _connectors = new(StringComparer.Ordinal);
    private readonly Dictionary<ConnectorTaskId, StatusRecord> _tasks = [];
    private readonly Dictionary<string, HashSet<string>> _topics = new(StringComparer.Ordinal);
    private readonly CompactedTopicLog _log;
    private int _topicsVersion;
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

    /// <summary>Incremented by every reset of active topics (tasks compare it to know when to report their topics again).</summary>
    public int ActiveTopicsVersion => Volatile.Read(ref _topicsVersion);

    /// <summary>The topics a connector's tasks have produced to or consumed from since the last reset.</summary>
    public IReadOnlyList<string> ActiveTopics(string connector)
    {
        lock (_lock)
        {
            return _topics.TryGetValue(connector, out var topics) ? [.. topics.Order(StringComparer.Ordinal)] : [];
        }
    }

    /// <summary>Records that a task of <paramref name="connector"/> used <paramref name="topic"/> (once per connector and topic).</summary>
    public Task PutActiveTopicAsync(string connector, int task, string topic, long discoverTimestamp, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!Topics(connector).Add(topic))
            {
                return Task.CompletedTask;
            }
        }

        var value = InternalJson.Serialize(new Dictionary<string, object?>
        {
            ["topic"] = new Dictionary<string, object?> { ["name"] = topic, ["connector"] = connector, ["task"] = task, ["discoverTimestamp"] = discoverTimestamp },
        });
        return _log.SendAsync(Encoding.UTF8.GetBytes(TopicKey(topic, connector)), value, cancellationToken);
    }

    /// <summary>Forgets a connector's active topics (tombstones in the status topic).</summary>
    public async Task ResetActiveTopicsAsync(string connector, CancellationToken cancellationToken)
    {
        List<string> topics;
        lock (_lock)
        {
            topics = _topics.Remove(connector, out var set) ? [.. set] : [];
            _topicsVersion++;
        }

        foreach (var topic in topics)
        {
            await _log.SendAsync(Encoding.UTF8.GetBytes(TopicKey(topic, connector)), null, cancellationToken);
        }
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

    private static string TopicKey(string topic, string connector) => $"topic-{topic}-connector-{connector}";

    private HashSet<string> Topics(string connector)
    {
        if (!_topics.TryGetValue(connector, out var topics))
        {
            topics = new HashSet<string>(StringComparer.Ordinal);
            _topics[connector] = topics;
        }

        return topics;
    }

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
        if (key.StartsWith("topic-", StringComparison.Ordinal))
        {
            ApplyTopic(key, record.Value);
            return;
        }

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

    private void ApplyTopic(string key, byte[]? value)
    {
        // The key is ambiguous when names contain "-connector-"; the value names both parts, a tombstone only the key.
        string? topic = null, connector = null;
        if (value is not null)
        {
            try
            {
                if (InternalJson.ParseObject(value, key).GetValueOrDefault("topic") is IReadOnlyDictionary<string, object?> fields)
                {
                    topic = fields.GetValueOrDefault("name") as string;
                    connector = fields.GetValueOrDefault("connector") as string;
                }
            }
            catch (System.Text.Json.JsonException e)
            {
                RuntimeLog.UnreadableStatusRecord(_logger, key, e.Message);
                return;
            }
        }
        else
        {
            var separator = key.LastIndexOf("-connector-", StringComparison.Ordinal);
            if (separator > "topic-".Length)
            {
                topic = key["topic-".Length..separator];
                connector = key[(separator + "-connector-".Length)..];
            }
        }

        if (topic is null || connector is null)
        {
            return;
        }

        lock (_lock)
        {
            if (value is null)
            {
                if (_topics.TryGetValue(connector, out var topics))
                {
                    topics.Remove(topic);
                }
            }
            else
            {
                Topics(connector).Add(topic);
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
