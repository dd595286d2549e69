using System.Globalization;
using System.Threading.Channels;
using DeltaConnect.Sdk.Cdc;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Cdc.Tests.Fakes;

/// <summary>
/// A test double of a database for the DBLog engine: in-memory tables with integer primary keys (one or more key
/// columns, a text <c>value</c> column) and a change log in commit order. Every write (a change or a watermark row)
/// appends to the log at once, as a committed transaction does; <see cref="StreamAsync"/> plays the log to the engine
/// the way a connector's stream does. Hooks let a test write between the low watermark, the chunk's select and the
/// high watermark.
/// </summary>
public sealed class FakeSnapshotDatabase : ISnapshotDialect<FakeTable>
{
    private readonly Dictionary<string, FakeTable> _tables = new(StringComparer.Ordinal);
    private readonly Channel<LogEntry> _log = Channel.CreateUnbounded<LogEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();

    /// <summary>Called after the low watermark is logged and before the chunk is selected.</summary>
    public Func<SnapshotChunkRequest<FakeTable>, Task>? AfterLowWatermark { get; set; }

    /// <summary>Called after the chunk is selected and before the high watermark is logged.</summary>
    public Func<SnapshotChunkRequest<FakeTable>, Task>? BeforeHighWatermark { get; set; }

    /// <summary>Whether chunks come back without their last key (a broken dialect).</summary>
    public bool OmitLastKey { get; set; }

    /// <summary>Every chunk request the engine made, in order.</summary>
    public List<SnapshotChunkRequest<FakeTable>> Requests { get; } = [];

    /// <summary>Watermark rows deleted (the engine cleans up after closed windows).</summary>
    public List<string> DeletedWatermarks { get; } = [];

    /// <summary>Creates a table with the given key columns (int64; none for a table without primary key) and a text value column.</summary>
    public FakeTable CreateTable(string name, params string[] keyColumns)
    {
        var table = new FakeTable(name, keyColumns);
        _tables[name] = table;
        return table;
    }

    /// <summary>Drops a table (a snapshot of it then has nothing to copy).</summary>
    public void DropTable(string name) => _tables.Remove(name);

    /// <summary>Inserts or updates a row and logs the change.</summary>
    public void Upsert(FakeTable table, string value, params long[] key)
    {
        lock (_lock)
        {
            var before = table.Rows.GetValueOrDefault(key);
            var after = table.Row(key, value);
            table.Rows[key] = after;
            _log.Writer.TryWrite(new LogEntry(table, before is null ? "c" : "u", before, after, null));
        }
    }

    /// <summary>Deletes a row (if present) and logs the change.</summary>
    public void Delete(FakeTable table, params long[] key)
    {
        lock (_lock)
        {
            if (table.Rows.Remove(key, out var before))
            {
                _log.Writer.TryWrite(new LogEntry(table, "d", before, null, null));
            }
        }
    }

    /// <summary>Ends the log: <see cref="StreamAsync"/> returns once it handled everything before.</summary>
    public void EndLog() => _log.Writer.TryComplete();

    /// <summary>
    /// Plays the log to <paramref name="engine"/> in commit order, holding <paramref name="streamLock"/> per entry:
    /// watermark rows go to <see cref="DbLogSnapshotter{TTable}.OnWatermarkAsync"/>, changes to
    /// <see cref="DbLogSnapshotter{TTable}.NoteChange"/> and then to <paramref name="output"/>, as do emitted snapshot rows.
    /// </summary>
    public async Task StreamAsync(DbLogSnapshotter<FakeTable> engine, SemaphoreSlim streamLock, FakeTopic output, CancellationToken cancellationToken)
    {
        ValueTask Emit(FakeTable table, Struct row, SnapshotProgress progress, CancellationToken token)
        {
            output.Add(new FakeEvent(table.Name, "r", table.KeyText(row), row.GetString("value"), progress));
            return ValueTask.CompletedTask;
        }

        await foreach (var entry in _log.Reader.ReadAllAsync(cancellationToken))
        {
            await streamLock.WaitAsync(cancellationToken);
            try
            {
                if (entry.Watermark is { } id)
                {
                    if (!await engine.OnWatermarkAsync(id, Emit, cancellationToken))
                    {
                        throw new InvalidOperationException($"Watermark {id} was not recognised by the engine.");
                    }

                    continue;
                }

                engine.NoteChange(entry.Table, entry.Before, entry.After);
                var image = entry.After ?? entry.Before!;
                output.Add(new FakeEvent(entry.Table.Name, entry.Op, entry.Table.KeyText(image), entry.After?.GetString("value"), engine.Progress));
            }
            finally
            {
                streamLock.Release();
            }
        }
    }

    /// <inheritdoc />
    public Task<ISnapshotSession<FakeTable>> OpenSessionAsync(CancellationToken cancellationToken) => Task.FromResult<ISnapshotSession<FakeTable>>(new Session(this));

    /// <inheritdoc />
    public Task<FakeTable?> DescribeAsync(string table, CancellationToken cancellationToken) => Task.FromResult(_tables.GetValueOrDefault(table));

    /// <inheritdoc />
    public string NameOf(FakeTable table) => table.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> KeyColumnsOf(FakeTable table) => table.KeyColumns;

    /// <inheritdoc />
    public Struct? KeyOf(FakeTable table, Struct row) => table.KeyColumns.Count == 0 ? null : table.KeyOf(row);

    /// <inheritdoc />
    public Task ValidateFilterAsync(FakeTable table, string filter, CancellationToken cancellationToken) =>
        FakeTable.TryParseFilter(filter, out _)
            ? Task.CompletedTask
            : throw new DataException($"execute-snapshot signal for {table.Name}: the additional-conditions filter '{filter}' is not a valid condition (the fake understands \"value = 'text'\").");

    private sealed record LogEntry(FakeTable Table, string Op, Struct? Before, Struct? After, string? Watermark);

    private sealed class Session(FakeSnapshotDatabase database) : ISnapshotSession<FakeTable>
    {
        public Task<FakeTable?> DescribeAsync(string table, CancellationToken cancellationToken) => database.DescribeAsync(table, cancellationToken);

        public async Task<SnapshotChunk> ReadChunkAsync(SnapshotChunkRequest<FakeTable> request, CancellationToken cancellationToken)
        {
            database.Requests.Add(request);
            DeleteWatermarks(request.FinishedWatermarks);
            database._log.Writer.TryWrite(new LogEntry(request.Table, "c", null, null, request.LowWatermark));
            if (database.AfterLowWatermark is { } afterLow)
            {
                await afterLow(request);
            }

            List<Struct> rows;
            lock (database._lock)
            {
                rows = [.. request.Table.Select(request.Target, request.After).Take(request.ChunkSize)];
            }

            if (database.BeforeHighWatermark is { } beforeHigh)
            {
                await beforeHigh(request);
            }

            database._log.Writer.TryWrite(new LogEntry(request.Table, "c", null, null, request.HighWatermark));
            var last = rows.Count == 0 || database.OmitLastKey ? null : request.Table.KeyOf(rows[^1]);
            return new SnapshotChunk(rows, last is null ? null : [.. request.Table.KeyColumns.Select(c => ((long)last.Get(c)!).ToString(CultureInfo.InvariantCulture))]);
        }

        public Task DeleteWatermarksAsync(IReadOnlyList<string> watermarks, CancellationToken cancellationToken)
        {
            DeleteWatermarks(watermarks);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private void DeleteWatermarks(IReadOnlyList<string> watermarks)
        {
            lock (database.DeletedWatermarks)
            {
                database.DeletedWatermarks.AddRange(watermarks);
            }
        }
    }
}

/// <summary>A table of <see cref="FakeSnapshotDatabase"/>: integer key columns and a text value, rows in key order.</summary>
public sealed class FakeTable
{
    internal FakeTable(string name, IReadOnlyList<string> keyColumns)
    {
        Name = name;
        KeyColumns = keyColumns;
        var key = SchemaBuilder.Struct().Name($"{name}.Key");
        var value = SchemaBuilder.Struct().Name($"{name}.Value").Optional();
        foreach (var column in keyColumns)
        {
            key.Field(column, Schema.Int64);
            value.Field(column, Schema.OptionalInt64);
        }

        KeySchema = key.Build();
        ValueSchema = value.Field("value", Schema.OptionalString).Build();
    }

    public string Name { get; }

    public IReadOnlyList<string> KeyColumns { get; }

    public Schema KeySchema { get; }

    public Schema ValueSchema { get; }

    internal SortedDictionary<long[], Struct> Rows { get; } = new(KeyComparer.Instance);

    /// <summary>The table's content: key text → value.</summary>
    public Dictionary<string, string?> Content() => Rows.ToDictionary(r => string.Join(",", r.Key), r => r.Value.GetString("value"));

    internal Struct Row(long[] key, string value)
    {
        var row = new Struct(ValueSchema).Put("value", value);
        for (var i = 0; i < key.Length; i++)
        {
            row.Put(KeyColumns[i], key[i]);
        }

        return row;
    }

    internal Struct KeyOf(Struct row)
    {
        var key = new Struct(KeySchema);
        foreach (var column in KeyColumns)
        {
            key.Put(column, row.Get(column));
        }

        return key;
    }

    internal string KeyText(Struct row) => string.Join(",", KeyColumns.Select(c => row.Get(c)));

    /// <summary>The rows a target selects after a key, in key order (what the chunk query of a real dialect does in SQL).</summary>
    internal IEnumerable<Struct> Select(SnapshotTarget target, IReadOnlyList<string>? after)
    {
        var afterKey = Parse(after);
        var from = Parse(target.From);
        var to = Parse(target.To);
        var keys = target.Keys?.Select(k => Parse(k)!).ToHashSet(KeyComparer.Instance);
        string? filterValue = null;
        if (target.Filter is { } filter && !TryParseFilter(filter, out filterValue))
        {
            throw new DataException($"bad filter {filter}");
        }

        return Rows.Where(r => (afterKey is null || KeyComparer.Instance.Compare(r.Key, afterKey) > 0)
                && (from is null || KeyComparer.Instance.Compare(r.Key, from) >= 0)
                && (to is null || KeyComparer.Instance.Compare(r.Key, to) <= 0)
                && (keys is null || keys.Contains(r.Key))
                && (filterValue is null || r.Value.GetString("value") == filterValue))
            .Select(r => r.Value);
    }

    internal static bool TryParseFilter(string filter, out string? value)
    {
        const string prefix = "value = '";
        var ok = filter.StartsWith(prefix, StringComparison.Ordinal) && filter.EndsWith('\'') && filter.Length > prefix.Length;
        value = ok ? filter[prefix.Length..^1] : null;
        return ok;
    }

    private static long[]? Parse(IReadOnlyList<string>? key) => key?.Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private sealed class KeyComparer : IComparer<long[]>, IEqualityComparer<long[]>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare(long[]? x, long[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                var c = x[i].CompareTo(y[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return x.Length.CompareTo(y.Length);
        }

        public bool Equals(long[]? x, long[]? y) => Compare(x, y) == 0;

        public int GetHashCode(long[] obj) => obj.Aggregate(17, (h, v) => (h * 31) + v.GetHashCode());
    }
}

/// <summary>One event in the fake topic: a log change (c/u/d) or a snapshot row (r), with the progress its offset carries.</summary>
public sealed record FakeEvent(string Table, string Op, string Key, string? Value, SnapshotProgress Progress);

/// <summary>The events the stream emitted, in order (thread-safe: the tests read it while the stream runs).</summary>
public sealed class FakeTopic
{
    private readonly List<FakeEvent> _events = [];

    public void Add(FakeEvent e)
    {
        lock (_events)
        {
            _events.Add(e);
        }
    }

    public List<FakeEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The latest event per key of a table (what a compacted topic keeps): key text → value (null after a delete).</summary>
    public Dictionary<string, string?> Latest(string table)
    {
        var latest = new Dictionary<string, string?>();
        foreach (var e in Events.Where(e => e.Table == table))
        {
            latest[e.Key] = e.Op == "d" ? null : e.Value;
        }

        return latest.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
    }
}
