using System.Text.Json;

namespace DeltaConnect.Sdk.Cdc;

/// <summary>
/// Where snapshots stand: the targets still to copy (the current one first) and the last key of the current target's
/// last completed chunk. Immutable; it travels in the source offsets (<see cref="AddTo"/>, <see cref="FromOffset"/>),
/// so a restarted task resumes after the last completed chunk.
/// </summary>
public sealed class SnapshotProgress
{
    /// <summary>The offset field holding the targets still to copy (a JSON array of <see cref="SnapshotTarget.ToJson"/> forms).</summary>
    public const string TablesField = "snapshot_tables";

    /// <summary>The offset field holding the last completed chunk's last key (a JSON array of the key values as text).</summary>
    public const string LastKeyField = "snapshot_last_key";

    /// <summary>No snapshot to do.</summary>
    public static readonly SnapshotProgress None = new([], null);

    // A reference, so a reader on another thread sees either nothing or the whole pair.
    private Tuple<string, string?>? _serialized;

    /// <summary>Creates a progress state.</summary>
    /// <param name="tables">The targets still to copy, the current one first.</param>
    /// <param name="lastKey">The last key (values as text, in key order) of the current target's last completed chunk; null before the first.</param>
    public SnapshotProgress(IReadOnlyList<SnapshotTarget> tables, IReadOnlyList<string>? lastKey)
    {
        ArgumentNullException.ThrowIfNull(tables);
        Tables = tables;
        LastKey = lastKey;
    }

    /// <summary>The targets still to copy, the current one first.</summary>
    public IReadOnlyList<SnapshotTarget> Tables { get; }

    /// <summary>The last key of the current target's last completed chunk, or null when its first chunk is next.</summary>
    public IReadOnlyList<string>? LastKey { get; }

    /// <summary>Whether a snapshot is under way or queued.</summary>
    public bool Active => Tables.Count > 0;

    /// <summary>The state after the current target's chunk that ended at <paramref name="lastKey"/>.</summary>
    /// <param name="lastKey">The chunk's last key.</param>
    public SnapshotProgress After(IReadOnlyList<string>? lastKey) => new(Tables, lastKey);

    /// <summary>The state after the current target is done: the next target from its first chunk.</summary>
    public SnapshotProgress NextTarget() => new([.. Tables.Skip(1)], null);

    /// <summary>Adds the state's fields to a source offset (nothing when no snapshot is active). Serialized once per state.</summary>
    /// <param name="offset">The offset being built.</param>
    public void AddTo(IDictionary<string, object?> offset)
    {
        ArgumentNullException.ThrowIfNull(offset);
        if (!Active)
        {
            return;
        }

        var (tables, lastKey) = _serialized ??= Tuple.Create(JsonSerializer.Serialize(Tables.Select(t => t.ToJson()).ToList()), LastKey is null ? null : JsonSerializer.Serialize(LastKey));
        offset[TablesField] = tables;
        if (lastKey is not null)
        {
            offset[LastKeyField] = lastKey;
        }
    }

    /// <summary>Reads the state back from a stored source offset; <see cref="None"/> when it holds no snapshot.</summary>
    /// <param name="offset">The stored offset.</param>
    /// <exception cref="Errors.DataException">When the snapshot fields are not in the form <see cref="AddTo"/> writes.</exception>
    public static SnapshotProgress FromOffset(IReadOnlyDictionary<string, object?> offset)
    {
        ArgumentNullException.ThrowIfNull(offset);
        if (offset.GetValueOrDefault(TablesField) is not string tables)
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(tables);
            if (document.RootElement is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
            {
                return None;
            }

            var lastKey = offset.GetValueOrDefault(LastKeyField) is string key ? JsonSerializer.Deserialize<List<string>>(key) : null;
            return new SnapshotProgress([.. list.EnumerateArray().Select(SnapshotTarget.FromJson)], lastKey);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new Errors.DataException($"The stored offset's snapshot fields '{TablesField}' = {tables} and '{LastKeyField}' = {offset.GetValueOrDefault(LastKeyField)} are not valid: {e.Message}. Reset the connector's offsets (or remove these two fields) to start the snapshot over.", e);
        }
    }
}
