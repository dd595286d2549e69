using System.Text;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Storage;

/// <summary>
/// Source offsets in the offsets topic, keyed as Kafka Connect keys them: the JSON array
/// <c>["&lt;connector&gt;",{source partition}]</c> with the JSON offset as value (null deletes). Map keys are written in
/// sorted order so the same partition always has the same key bytes.
/// </summary>
internal sealed class OffsetBackingStore : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _offsets = new(StringComparer.Ordinal);
    private readonly CompactedTopicLog _log;
    private readonly ILogger _logger;

    public OffsetBackingStore(IKafkaClients clients, string topic, int partitions, short replicationFactor, ILogger logger)
    {
        _logger = logger;
        _log = new CompactedTopicLog(
            clients,
            new TopicSpecification(topic, partitions, replicationFactor, new Dictionary<string, string> { ["cleanup.policy"] = "compact" }),
            Apply,
            description => description.IsCompacted
                ? null
                : $"Offsets topic '{topic}' has cleanup.policy={description.Configs.GetValueOrDefault("cleanup.policy")}; it must be 'compact' or source offsets would be lost to retention. Fix: set cleanup.policy=compact on it, or set offset.storage.topic to a new topic.",
            logger);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _log.StartAsync(cancellationToken);

    /// <summary>Reads everything written so far (call before reading offsets a task must resume from).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => _log.ReadToEndAsync(cancellationToken);

    /// <summary>The stored offset of one source partition of a connector, or null.</summary>
    public IReadOnlyDictionary<string, object?>? Get(string connector, IReadOnlyDictionary<string, object?> partition)
    {
        var key = KeyString(connector, partition);
        lock (_lock)
        {
            return _offsets.TryGetValue(key, out var value)
                ? InternalJson.Parse(value) as IReadOnlyDictionary<string, object?>
                : null;
        }
    }

    /// <summary>Every stored (partition, offset) of a connector.</summary>
    public IReadOnlyList<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>>> GetAll(string connector)
    {
        var result = new List<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>>>();
        lock (_lock)
        {
            foreach (var (key, value) in _offsets)
            {
                if (InternalJson.Parse(Encoding.UTF8.GetBytes(key)) is List<object?> { Count: 2 } parts &&
                    parts[0] as string == connector &&
                    parts[1] is IReadOnlyDictionary<string, object?> partition &&
                    InternalJson.Parse(value) is IReadOnlyDictionary<string, object?> offset)
                {
                    result.Add(new(partition, offset));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Writes offsets (a null offset deletes the partition's entry) and waits until Kafka acknowledged them all; then
    /// this store's view holds them too (the reader applies the same records again when it reaches them), so a
    /// <see cref="Get"/> afterwards — a task's commit callback — sees them without waiting for the reader.
    /// </summary>
    public async Task SetAsync(string connector, IEnumerable<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>?>> offsets, CancellationToken cancellationToken)
    {
        var entries = offsets.Select(entry => (Key: KeyString(connector, entry.Key), Value: entry.Value is null ? null : InternalJson.Serialize(entry.Value))).ToList();
        await Task.WhenAll(entries.Select(entry => _log.SendAsync(Encoding.UTF8.GetBytes(entry.Key), entry.Value, cancellationToken)));
        foreach (var (key, value) in entries)
        {
            Store(key, value);
        }
    }

    public ValueTask DisposeAsync() => _log.DisposeAsync();

    private static string KeyString(string connector, IReadOnlyDictionary<string, object?> partition) =>
        Encoding.UTF8.GetString(InternalJson.Serialize(new object?[] { connector, partition }));

    private void Apply(KafkaRecord record)
    {
        if (record.Key is null)
        {
            return;
        }

        var key = Encoding.UTF8.GetString(record.Key);
        try
        {
            // Re-serialize so keys written by other writers (with other map orders) land on the canonical form.
            if (InternalJson.Parse(record.Key) is List<object?> { Count: 2 } parts && parts[0] is string connector && parts[1] is IReadOnlyDictionary<string, object?> partition)
            {
                key = KeyString(connector, partition);
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            RuntimeLog.UnreadableOffsetRecord(_logger, record.Partition, record.Offset, e.Message);
            return;
        }

        Store(key, record.Value);
    }

    /// <summary>Sets (or, for a null value, removes) one partition's offset in this store's view.</summary>
    private void Store(string key, byte[]? value)
    {
        lock (_lock)
        {
            if (value is null)
            {
                _offsets.Remove(key);
            }
            else
            {
                _offsets[key] = value;
            }
        }
    }
}
