using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using Npgsql;
using NpgsqlTypes;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// Snapshots with the DBLog watermark algorithm, interleaved with streaming and without locks. For each chunk (the
/// next <c>incremental.snapshot.chunk.size</c> rows in primary-key order) the snapshot loop writes a low watermark row
/// to the signal table, selects the chunk, and writes a high watermark row — one round trip, each statement its own
/// transaction — and hands the chunk to the stream. The stream sees the watermarks in commit order: between them it
/// notes the keys that changed in the chunk's table; at the high watermark it drops those rows from the chunk (the log
/// has newer versions of them) and emits the rest as <c>op: r</c> — so every key's events stay in order. While the
/// stream works through one chunk's window the loop already reads the next chunk (windows never overlap: the next low
/// watermark commits after the previous high one). Progress (what is left to copy, last key of the last completed
/// chunk) travels in the offsets, so a restarted task resumes after the last completed chunk.
/// </summary>
public sealed partial class PostgresSourceTask
{
    private const string OffsetSnapshotTables = "snapshot_tables";
    private const string OffsetSnapshotLastKey = "snapshot_last_key";

    /// <summary>Chunks read ahead of the stream: one being emitted, one being read.</summary>
    private const int ChunksInFlight = 2;

    private readonly SemaphoreSlim _snapshotRequested = new(0);
    private readonly ConcurrentQueue<ChunkWindow> _windows = new();
    private SnapshotProgress _progress = SnapshotProgress.None;
    private uint? _signalRelation;
    private CapturedTable? _signalTable;

    /// <summary>Snapshots still to do (the current one first) and the last key of its last completed chunk.</summary>
    private sealed record SnapshotProgress(IReadOnlyList<SnapshotTarget> Tables, IReadOnlyList<string>? LastKey)
    {
        public static readonly SnapshotProgress None = new([], null);

        // A `with` copy shares this cache: it is valid only for the lists it was made from.
        private (IReadOnlyList<SnapshotTarget> From, IReadOnlyList<string>? FromKey, string Tables, string? LastKey)? _serialized;

        public bool Active => Tables.Count > 0;

        /// <summary>The offset fields, serialized once per progress state.</summary>
        public (string Tables, string? LastKey) Serialized
        {
            get
            {
                if (_serialized is not { } cached || !ReferenceEquals(cached.From, Tables) || !ReferenceEquals(cached.FromKey, LastKey))
                {
                    cached = (Tables, LastKey, JsonSerializer.Serialize(Tables.Select(t => t.ToJson()).ToList()), LastKey is null ? null : JsonSerializer.Serialize(LastKey));
                    _serialized = cached;
                }

                return (cached.Tables, cached.LastKey);
            }
        }
    }

    /// <summary>One chunk between its watermarks.</summary>
    private sealed class ChunkWindow(CapturedTable table, SnapshotTarget target, int chunkSize)
    {
        public string LowId { get; } = Guid.NewGuid().ToString("N");

        public string HighId { get; } = Guid.NewGuid().ToString("N");

        public CapturedTable Table { get; } = table;

        public SnapshotTarget Target { get; } = target;

        public int ChunkSize { get; } = chunkSize;

        public bool Open { get; set; }

        public HashSet<string> Changed { get; } = new(StringComparer.Ordinal);

        /// <summary>The chunk, once read (the stream may see the high watermark before the reader has all rows).</summary>
        public TaskCompletionSource<Chunk> Rows { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A chunk's rows in key order and the text form of its last key (where the next chunk starts).</summary>
    private sealed record Chunk(List<Struct> Rows, IReadOnlyList<string>? LastKey);

    private void RestoreSnapshotProgress(IReadOnlyDictionary<string, object?>? stored, IReadOnlyList<(string Schema, string Table)> captured)
    {
        if (stored is null)
        {
            _progress = _config.GetString(PostgresConnectorConfig.SnapshotMode) == "initial"
                ? new SnapshotProgress([.. captured.Select(t => new SnapshotTarget($"{t.Schema}.{t.Table}"))], null)
                : SnapshotProgress.None;
            return;
        }

        if (stored.GetValueOrDefault(OffsetSnapshotTables) is string tables && JsonDocument.Parse(tables).RootElement is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
        {
            var lastKey = stored.GetValueOrDefault(OffsetSnapshotLastKey) is string key ? JsonSerializer.Deserialize<List<string>>(key) : null;
            _progress = new SnapshotProgress([.. list.EnumerateArray().Select(SnapshotTarget.FromJson)], lastKey);
        }
    }

    private static void AddSnapshotProgress(Dictionary<string, object?> offset, SnapshotProgress progress)
    {
        if (progress.Active)
        {
            var (tables, lastKey) = progress.Serialized;
            offset[OffsetSnapshotTables] = tables;
            if (lastKey is not null)
            {
                offset[OffsetSnapshotLastKey] = lastKey;
            }
        }
    }

    /// <summary>
    /// Starts an ad-hoc snapshot from outside the task (e.g. a REST action): writes an <c>execute-snapshot</c> row to the
    /// signal table, so the request goes through the log like any signal — ordered with the changes, and kept in the
    /// offsets until done. <paramref name="data"/> is the signal's data, e.g.
    /// <c>{"data-collections": ["public.orders"], "additional-conditions": [{"data-collection": "public.orders", "key-range": {"from": [10], "to": [20]}}]}</c>.
    /// </summary>
    /// <exception cref="DataException">When <paramref name="data"/> is not a valid execute-snapshot request.</exception>
    public async Task ExecuteSnapshotAsync(string data, CancellationToken cancellationToken)
    {
        _ = SnapshotTarget.ParseSignal(data);
        var (schema, table) = _config.SignalTable;
        await using var connection = new NpgsqlConnection(_config.ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await new PostgresCatalog(connection, _config).Execute(
            $"INSERT INTO {PostgresCatalog.Quote(schema)}.{PostgresCatalog.Quote(table)} (id, type, data) VALUES (@p0, 'execute-snapshot', @p1)",
            cancellationToken, "adhoc-" + Guid.NewGuid().ToString("N"), data);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> SignalTypes { get; } = ["execute-snapshot"];

    /// <inheritdoc />
    public Task SignalAsync(string type, string? data, CancellationToken cancellationToken) => type switch
    {
        "execute-snapshot" => ExecuteSnapshotAsync(data ?? throw new DataException("An execute-snapshot signal needs data, e.g. {\"data-collections\": [\"public.orders\"]}."), cancellationToken),
        _ => throw new DataException($"Unknown signal type '{type}': this connector accepts execute-snapshot."),
    };

    /// <summary>The snapshot loop: chunk after chunk, each completed by the stream at its high watermark.</summary>
    private async Task SnapshotAsync(CancellationToken cancellationToken)
    {
        _windows.Clear();
        await using var connection = new NpgsqlConnection(TextSessionConnectionString(pooling: false));
        await connection.OpenAsync(cancellationToken);
        var catalog = new PostgresCatalog(connection, _config);
        var (signalSchema, signalName) = _config.SignalTable;
        var signal = $"{PostgresCatalog.Quote(signalSchema)}.{PostgresCatalog.Quote(signalName)}";
        var chunkSize = _config.GetInt(PostgresConnectorConfig.SnapshotChunkSize);
        var pause = TimeSpan.FromMilliseconds(_config.GetLong(PostgresConnectorConfig.SnapshotChunkPauseMs));
        var finished = new List<string>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var progress = Volatile.Read(ref _progress);
            if (!progress.Active)
            {
                if (finished.Count > 0)
                {
                    await catalog.Execute($"DELETE FROM {signal} WHERE id = ANY(@p0)", cancellationToken, (object)finished.ToArray());
                    finished.Clear();
                }

                await _snapshotRequested.WaitAsync(cancellationToken);
                continue;
            }

            var target = progress.Tables[0];
            var separator = target.Table.IndexOf('.', StringComparison.Ordinal);
            var table = separator < 0 ? null : await catalog.DescribeAsync(target.Table[..separator], target.Table[(separator + 1)..], cancellationToken);
            if (table is null)
            {
                // Dropped since the snapshot was planned: nothing to copy.
                await AdvanceProgressAsync(progress, progress with { Tables = [.. progress.Tables.Skip(1)], LastKey = null }, cancellationToken);
                continue;
            }

            if (table.KeySchema is null)
            {
                throw new ConnectException($"Table {target.Table} has no primary key; snapshots read tables in primary-key chunks. Add a primary key, or leave the table out of table.include.list.");
            }

            var query = new ChunkQuery(table, target, signal, chunkSize);
            var after = progress.LastKey;
            var inFlight = new Queue<ChunkWindow>();
            while (true)
            {
                while (inFlight.Count >= ChunksInFlight)
                {
                    await CompleteAsync(inFlight.Dequeue(), finished, cancellationToken);
                }

                var window = new ChunkWindow(table, target, chunkSize);
                _windows.Enqueue(window);
                inFlight.Enqueue(window);
                Chunk chunk;
                try
                {
                    chunk = await query.ReadAsync(connection, window, after, finished, cancellationToken);
                }
                catch (Exception e)
                {
                    window.Rows.TrySetException(e);
                    throw;
                }

                finished.Clear();
                window.Rows.SetResult(chunk);
                if (chunk.Rows.Count < chunkSize)
                {
                    break;
                }

                after = chunk.LastKey;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, cancellationToken);
                }
            }

            // The next target is planned from the progress the stream advanced: wait until it closed every window.
            while (inFlight.Count > 0)
            {
                await CompleteAsync(inFlight.Dequeue(), finished, cancellationToken);
            }
        }
    }

    private static async Task CompleteAsync(ChunkWindow window, List<string> finished, CancellationToken cancellationToken)
    {
        await window.Done.Task.WaitAsync(cancellationToken);
        finished.Add(window.LowId);
        finished.Add(window.HighId);
    }

    private async Task AdvanceProgressAsync(SnapshotProgress from, SnapshotProgress to, CancellationToken cancellationToken)
    {
        await _streamLock.WaitAsync(cancellationToken);
        try
        {
            if (ReferenceEquals(_progress, from))
            {
                _progress = to;
            }
        }
        finally
        {
            _streamLock.Release();
        }
    }

    /// <summary>
    /// The chunk query of one snapshot target: columns of common types read in binary with typed getters, the rest as
    /// text (the session's formats match pgoutput's); the key columns also as text, for the next chunk's lower bound.
    /// </summary>
    private sealed class ChunkQuery
    {
        private readonly CapturedTable _table;
        private readonly SnapshotTarget _target;
        private readonly string _signal;
        private readonly int _chunkSize;
        private readonly List<CapturedColumn> _keys;
        private readonly string _select;
        private readonly string _order;

        public ChunkQuery(CapturedTable table, SnapshotTarget target, string signal, int chunkSize)
        {
            _table = table;
            _target = target;
            _signal = signal;
            _chunkSize = chunkSize;
            _keys = [.. table.Columns.Where(c => c.IsKey)];
            // Qualified with the table alias: an unqualified name in ORDER BY would sort by the output column of that name.
            var columns = table.Columns.Select((c, i) => $"t.{PostgresCatalog.Quote(c.Name)}{(c.Type.ReadBinary is null ? "::text" : "")} AS c{i}")
                .Concat(_keys.Select((k, i) => $"t.{PostgresCatalog.Quote(k.Name)}::text AS k{i}"));
            _order = string.Join(", ", _keys.Select(k => $"t.{PostgresCatalog.Quote(k.Name)}"));
            _select = $"SELECT {string.Join(", ", columns)} FROM {PostgresCatalog.Quote(table.SchemaName)}.{PostgresCatalog.Quote(table.TableName)} t";
        }

        /// <summary>
        /// One round trip, each statement committed on its own: delete the finished windows' watermark rows, write the low
        /// watermark, select the chunk, write the high watermark.
        /// </summary>
        public async Task<Chunk> ReadAsync(NpgsqlConnection connection, ChunkWindow window, IReadOnlyList<string>? after, List<string> finished, CancellationToken cancellationToken)
        {
            await using var batch = new NpgsqlBatch(connection) { EnableErrorBarriers = true };
            if (finished.Count > 0)
            {
                batch.BatchCommands.Add(Command($"DELETE FROM {_signal} WHERE id = ANY(@p0)", (object)finished.ToArray()));
            }

            var name = $"{_table.SchemaName}.{_table.TableName}";
            batch.BatchCommands.Add(Command($"INSERT INTO {_signal} (id, type, data) VALUES (@p0, 'snapshot-window-open', @p1)", window.LowId, name));
            batch.BatchCommands.Add(SelectCommand(after));
            batch.BatchCommands.Add(Command($"INSERT INTO {_signal} (id, type, data) VALUES (@p0, 'snapshot-window-close', @p1)", window.HighId, name));

            var rows = new List<Struct>(_chunkSize);
            string[]? lastKey = null;
            var columns = _table.Columns;
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken))
            {
                // The DELETE and the low watermark have no result columns.
            }

            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new Struct(_table.ValueSchema);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        continue;
                    }

                    var column = columns[i];
                    var field = _table.ValueSchema.Fields[i];
                    row.Put(field, column.Type.ReadBinary is { } read ? read(reader, i) : column.Type.Parse(reader.GetString(i), name, column.Name));
                }

                rows.Add(row);
                lastKey ??= new string[_keys.Count];
                for (var k = 0; k < _keys.Count; k++)
                {
                    lastKey[k] = reader.GetString(columns.Count + k);
                }
            }

            while (await reader.NextResultAsync(cancellationToken))
            {
                // The high watermark.
            }

            return new Chunk(rows, lastKey);
        }

        private NpgsqlBatchCommand SelectCommand(IReadOnlyList<string>? after)
        {
            var command = new NpgsqlBatchCommand();
            var conditions = new List<string>();
            void Bound(IReadOnlyList<string> values, string comparison)
            {
                var parameters = values.Select((v, i) => Parameter(command, v, _keys[i].SqlType));
                conditions.Add($"({_order}) {comparison} ({string.Join(", ", parameters)})");
            }

            if (after is not null)
            {
                Bound(after, ">");
            }

            if (_target.From is { } from)
            {
                Bound(from, ">=");
            }

            if (_target.To is { } to)
            {
                Bound(to, "<=");
            }

            if (_target.Keys is { } keys)
            {
                // Bound as text arrays, one per key column, cast to the column types: no key value is ever SQL text.
                var arrays = _keys.Select((k, i) => Parameter(command, keys.Select(key => key[i]).ToArray(), k.SqlType + "[]"));
                conditions.Add($"({_order}) IN (SELECT * FROM unnest({string.Join(", ", arrays)}))");
            }

            if (_target.Filter is { } filter)
            {
                conditions.Add($"({filter})");
            }

            command.CommandText = $"{_select}{(conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "")} ORDER BY {_order} LIMIT {_chunkSize}";
            return command;
        }

        private static string Parameter(NpgsqlBatchCommand command, object value, string sqlType)
        {
            var name = $"p{command.Parameters.Count}";
            command.Parameters.Add(new NpgsqlParameter(name, value is string[] ? NpgsqlDbType.Array | NpgsqlDbType.Text : NpgsqlDbType.Text) { Value = value });
            return $"@{name}::{sqlType}";
        }

        private static NpgsqlBatchCommand Command(string sql, params object[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters.AddWithValue($"p{i}", parameters[i]);
            }

            return command;
        }
    }

    /// <summary>A row of the signal table went by: a watermark of the current chunk, or a request for an ad-hoc snapshot.</summary>
    private async Task OnSignalAsync(string op, Struct? row, TransactionState transaction, long index, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        if (op != "c" || row is null)
        {
            return;
        }

        var id = row.Get("id") as string;
        if (_windows.TryPeek(out var window) && id == window.LowId)
        {
            window.Open = true;
        }
        else if (window is not null && id == window.HighId)
        {
            await CloseWindowAsync(window, transaction, index, lsn, cancellationToken);
            _windows.TryDequeue(out _);
            window.Done.TrySetResult();
        }
        else if (row.Get("type") as string == "execute-snapshot" && index > transaction.SkipUpTo)
        {
            await RequestSnapshotAsync(row.Get("data") as string, cancellationToken);
        }
    }

    /// <summary>Queues the targets of an execute-snapshot signal after checking them against the database.</summary>
    private async Task RequestSnapshotAsync(string? data, CancellationToken cancellationToken)
    {
        var requested = SnapshotTarget.ParseSignal(data);
        foreach (var target in requested)
        {
            await ValidateAsync(target, cancellationToken);
        }

        var tables = _progress.Tables.Concat(requested.Where(t => !_progress.Tables.Contains(t))).ToList();
        _progress = new SnapshotProgress(tables, _progress.Active ? _progress.LastKey : null);
        _snapshotRequested.Release();
    }

    /// <summary>A filter must be valid SQL on the table, and keys must have as many values as the primary key has columns.</summary>
    private async Task ValidateAsync(SnapshotTarget target, CancellationToken cancellationToken)
    {
        var separator = target.Table.IndexOf('.', StringComparison.Ordinal);
        if (separator < 0 || await _catalog!.DescribeAsync(target.Table[..separator], target.Table[(separator + 1)..], cancellationToken) is not { } table)
        {
            // A table missing now is skipped when its turn comes (it may be created by then).
            return;
        }

        var keyCount = table.Columns.Count(c => c.IsKey);
        foreach (var bound in new[] { target.From, target.To }.Concat(target.Keys ?? []))
        {
            if (bound is not null && bound.Count != keyCount)
            {
                throw new DataException($"execute-snapshot signal for {target.Table}: a key of [{string.Join(", ", bound)}] has {bound.Count} value(s) but the primary key has {keyCount} column(s) ({string.Join(", ", table.Columns.Where(c => c.IsKey).Select(c => c.Name))}); give one value per key column, in that order.");
            }
        }

        if (target.Filter is { } filter)
        {
            try
            {
                await _catalog.Execute($"SELECT 1 FROM {PostgresCatalog.Quote(table.SchemaName)}.{PostgresCatalog.Quote(table.TableName)} t WHERE ({filter}) LIMIT 0", cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new DataException($"execute-snapshot signal for {target.Table}: the additional-conditions filter '{filter}' is not a valid condition on the table: {e.MessageText}. Fix the filter and insert a new signal row.", e);
            }
        }
    }

    /// <summary>At the high watermark: the chunk's rows not changed inside the window are emitted, in key order.</summary>
    private async Task CloseWindowAsync(ChunkWindow window, TransactionState transaction, long index, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        var chunk = await window.Rows.Task.WaitAsync(cancellationToken);
        var rows = window.Changed.Count == 0 ? chunk.Rows : chunk.Rows.Where(r => !window.Changed.Contains(KeyString(window.Table.KeyOf(r)!))).ToList();
        var done = chunk.Rows.Count < window.ChunkSize;
        var current = _progress;
        var next = !current.Active || !ReferenceEquals(current.Tables[0], window.Target) ? current
            : done ? current with { Tables = [.. current.Tables.Skip(1)], LastKey = null }
            : current with { LastKey = chunk.LastKey };

        // Only the chunk's last record carries the advanced progress: a crash part-way redoes the whole chunk.
        var offset = Offset(transaction, index, lsn, current);
        var lastOffset = Offset(transaction, index, lsn, next);
        var source = Source(window.Table, transaction, lsn).Put("snapshot", "true");
        var timestamp = new DateTimeOffset(transaction.CommitTime).ToUnixTimeMilliseconds();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == rows.Count - 1)
            {
                _progress = next;
            }

            var envelope = new Struct(window.Table.EnvelopeSchema)
                .Put(window.Table.AfterField, rows[i])
                .Put(window.Table.SourceField, source)
                .Put(window.Table.OpField, "r")
                .Put(window.Table.TsMsField, now);
            await _queue.Writer.WriteAsync(
                new SourceRecord(_sourcePartition, i == rows.Count - 1 ? lastOffset : offset, window.Table.Topic, null, window.Table.KeySchema, window.Table.KeyOf(rows[i]), window.Table.EnvelopeSchema, envelope, timestamp),
                cancellationToken);
        }

        _progress = next;
    }

    /// <summary>Notes the keys a change touched while a chunk's window is open on its table.</summary>
    private void NoteChange(CapturedTable table, Struct? before, Struct? after)
    {
        if (_windows.TryPeek(out var window) && window.Open && window.Table.SchemaName == table.SchemaName && window.Table.TableName == table.TableName)
        {
            foreach (var row in new[] { before, after })
            {
                if (row is not null && table.KeyOf(row) is { } key)
                {
                    window.Changed.Add(KeyString(key));
                }
            }
        }
    }

    private static string KeyString(Struct key) => string.Join('\u0001', key.Schema.Fields.Select(f => key.Get(f) switch
    {
        null => "\u0000",
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var value => value.ToString(),
    }));

    /// <summary>A connection string whose session prints values the way pgoutput does in this connector's replication session.</summary>
    private string TextSessionConnectionString(bool pooling) => new NpgsqlConnectionStringBuilder(_config.ConnectionString(replication: !pooling))
    {
        Options = "-c DateStyle=ISO,YMD -c TimeZone=UTC -c IntervalStyle=iso_8601 -c extra_float_digits=3 -c bytea_output=hex",
    }.ConnectionString;
}
