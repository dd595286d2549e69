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
/// to the signal table, selects the chunk, writes a high watermark row, and hands the chunk to the stream. The stream
/// sees the watermarks in commit order: between them it notes the keys that changed in the chunk's table; at the high
/// watermark it drops those rows from the chunk (the log has newer versions of them) and emits the rest as <c>op: r</c>
/// — so every key's events stay in order. Progress (tables left, last key of the last completed chunk) travels in the
/// offsets, so a restarted task resumes after the last completed chunk.
/// </summary>
public sealed partial class PostgresSourceTask
{
    private const string OffsetSnapshotTables = "snapshot_tables";
    private const string OffsetSnapshotLastKey = "snapshot_last_key";

    private readonly SemaphoreSlim _snapshotRequested = new(0);
    private SnapshotProgress _progress = SnapshotProgress.None;
    private ChunkWindow? _window;
    private uint? _signalRelation;
    private CapturedTable? _signalTable;

    /// <summary>Tables still to snapshot (the current one first) and the last key of its last completed chunk.</summary>
    private sealed record SnapshotProgress(IReadOnlyList<string> Tables, IReadOnlyList<string>? LastKey)
    {
        public static readonly SnapshotProgress None = new([], null);

        public bool Active => Tables.Count > 0;
    }

    /// <summary>One chunk between its watermarks.</summary>
    private sealed class ChunkWindow(CapturedTable table, SnapshotProgress progress, int chunkSize)
    {
        public string LowId { get; } = Guid.NewGuid().ToString("N");

        public string HighId { get; } = Guid.NewGuid().ToString("N");

        public CapturedTable Table { get; } = table;

        public SnapshotProgress Progress { get; } = progress;

        public int ChunkSize { get; } = chunkSize;

        public bool Open { get; set; }

        public HashSet<string> Changed { get; } = new(StringComparer.Ordinal);

        public List<(IReadOnlyList<string> KeyText, Struct Row)>? Rows { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void RestoreSnapshotProgress(IReadOnlyDictionary<string, object?>? stored, IReadOnlyList<(string Schema, string Table)> captured)
    {
        if (stored is null)
        {
            _progress = _config.GetString(PostgresConnectorConfig.SnapshotMode) == "initial"
                ? new SnapshotProgress([.. captured.Select(t => $"{t.Schema}.{t.Table}")], null)
                : SnapshotProgress.None;
            return;
        }

        if (stored.GetValueOrDefault(OffsetSnapshotTables) is string tables && JsonSerializer.Deserialize<List<string>>(tables) is { Count: > 0 } list)
        {
            var lastKey = stored.GetValueOrDefault(OffsetSnapshotLastKey) is string key ? JsonSerializer.Deserialize<List<string>>(key) : null;
            _progress = new SnapshotProgress(list, lastKey);
        }
    }

    private void AddSnapshotProgress(Dictionary<string, object?> offset)
    {
        if (_progress.Active)
        {
            offset[OffsetSnapshotTables] = JsonSerializer.Serialize(_progress.Tables);
            if (_progress.LastKey is { } key)
            {
                offset[OffsetSnapshotLastKey] = JsonSerializer.Serialize(key);
            }
        }
    }

    /// <summary>The snapshot loop: one chunk at a time, each completed by the stream at its high watermark.</summary>
    private async Task SnapshotAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(TextSessionConnectionString(pooling: false));
        await connection.OpenAsync(cancellationToken);
        var catalog = new PostgresCatalog(connection, _config);
        var (signalSchema, signalName) = _config.SignalTable;
        var signal = $"{PostgresCatalog.Quote(signalSchema)}.{PostgresCatalog.Quote(signalName)}";
        var chunkSize = _config.GetInt(PostgresConnectorConfig.SnapshotChunkSize);
        var pause = TimeSpan.FromMilliseconds(_config.GetLong(PostgresConnectorConfig.SnapshotChunkPauseMs));
        while (!cancellationToken.IsCancellationRequested)
        {
            var progress = Volatile.Read(ref _progress);
            if (!progress.Active)
            {
                await _snapshotRequested.WaitAsync(cancellationToken);
                continue;
            }

            var name = progress.Tables[0];
            var separator = name.IndexOf('.', StringComparison.Ordinal);
            var table = await catalog.DescribeAsync(name[..separator], name[(separator + 1)..], cancellationToken);
            if (table is null)
            {
                // Dropped since the snapshot was planned: nothing to copy.
                await AdvanceProgressAsync(progress, progress with { Tables = [.. progress.Tables.Skip(1)], LastKey = null }, cancellationToken);
                continue;
            }

            if (table.KeySchema is null)
            {
                throw new ConnectException($"Table {name} has no primary key; snapshots read tables in primary-key chunks. Add a primary key, or leave the table out of table.include.list.");
            }

            var window = new ChunkWindow(table, progress, chunkSize);
            Volatile.Write(ref _window, window);
            await catalog.Execute($"INSERT INTO {signal} (id, type, data) VALUES (@p0, 'snapshot-window-open', @p1)", cancellationToken, window.LowId, name);
            window.Rows = await SelectChunkAsync(connection, table, progress.LastKey, chunkSize, cancellationToken);
            await catalog.Execute($"INSERT INTO {signal} (id, type, data) VALUES (@p0, 'snapshot-window-close', @p1)", cancellationToken, window.HighId, name);
            await window.Done.Task.WaitAsync(cancellationToken);
            Volatile.Write(ref _window, null);
            await catalog.Execute($"DELETE FROM {signal} WHERE id IN (@p0, @p1)", cancellationToken, window.LowId, window.HighId);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }
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

    /// <summary>The next chunk in primary-key order, every column read as text (the session's formats match pgoutput's).</summary>
    private static async Task<List<(IReadOnlyList<string> KeyText, Struct Row)>> SelectChunkAsync(
        NpgsqlConnection connection, CapturedTable table, IReadOnlyList<string>? after, int chunkSize, CancellationToken cancellationToken)
    {
        var keys = table.Columns.Where(c => c.IsKey).ToList();
        // Qualified with the table alias: an unqualified name in ORDER BY would sort by the text output column of that name.
        var columns = string.Join(", ", table.Columns.Select((c, i) => $"t.{PostgresCatalog.Quote(c.Name)}::text AS c{i}"));
        var order = string.Join(", ", keys.Select(k => $"t.{PostgresCatalog.Quote(k.Name)}"));
        var where = after is null ? "" : $"WHERE ({order}) > ({string.Join(", ", keys.Select((k, i) => $"@p{i}::{k.SqlType}"))})";
        await using var command = new NpgsqlCommand(
            $"SELECT {columns} FROM {PostgresCatalog.Quote(table.SchemaName)}.{PostgresCatalog.Quote(table.TableName)} t {where} ORDER BY {order} LIMIT {chunkSize}", connection);
        for (var i = 0; after is not null && i < after.Count; i++)
        {
            command.Parameters.AddWithValue($"p{i}", NpgsqlDbType.Text, after[i]);
        }

        var rows = new List<(IReadOnlyList<string>, Struct)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new Struct(table.ValueSchema);
            var keyText = new List<string>(keys.Count);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                if (reader.IsDBNull(i))
                {
                    continue;
                }

                var text = reader.GetString(i);
                row.Put(column.Name, column.Type.Parse(text, $"{table.SchemaName}.{table.TableName}.{column.Name}"));
                if (column.IsKey)
                {
                    keyText.Add(text);
                }
            }

            rows.Add((keyText, row));
        }

        return rows;
    }

    /// <summary>A row of the signal table went by: a watermark of the current chunk, or a request for an ad-hoc snapshot.</summary>
    private async Task OnSignalAsync(string op, Struct? row, TransactionState transaction, long index, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        if (op != "c" || row is null)
        {
            return;
        }

        var id = row.Get("id") as string;
        var window = Volatile.Read(ref _window);
        if (window is not null && id == window.LowId)
        {
            window.Open = true;
        }
        else if (window is not null && id == window.HighId)
        {
            await CloseWindowAsync(window, transaction, index, lsn, cancellationToken);
        }
        else if (row.Get("type") as string == "execute-snapshot" && index > transaction.SkipUpTo)
        {
            RequestSnapshot(row.Get("data") as string);
        }
    }

    /// <summary>Queues the tables of an execute-snapshot signal (Debezium's format: {"data-collections": ["schema.table", ...]}).</summary>
    private void RequestSnapshot(string? data)
    {
        List<string> requested;
        try
        {
            requested = data is null ? [] : JsonDocument.Parse(data).RootElement.GetProperty("data-collections").EnumerateArray().Select(e => e.GetString()!).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new DataException($"The execute-snapshot signal's data must look like {{\"data-collections\": [\"public.orders\"]}}; got: {data}", e);
        }

        var tables = _progress.Tables.Concat(requested.Where(t => !_progress.Tables.Contains(t))).ToList();
        _progress = new SnapshotProgress(tables, _progress.Active ? _progress.LastKey : null);
        _snapshotRequested.Release();
    }

    /// <summary>At the high watermark: the chunk's rows not changed inside the window are emitted, in key order.</summary>
    private async Task CloseWindowAsync(ChunkWindow window, TransactionState transaction, long index, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        var rows = window.Rows!.Where(r => !window.Changed.Contains(KeyString(window.Table.KeyOf(r.Row)!))).ToList();
        var done = window.Rows!.Count < window.ChunkSize;
        var next = done
            ? window.Progress with { Tables = [.. window.Progress.Tables.Skip(1)], LastKey = null }
            : window.Progress with { LastKey = window.Rows![^1].KeyText };
        for (var i = 0; i < rows.Count; i++)
        {
            // Only the chunk's last record carries the advanced progress: a crash part-way redoes the whole chunk.
            if (i == rows.Count - 1)
            {
                _progress = next;
            }

            var envelope = new Struct(window.Table.EnvelopeSchema)
                .Put("after", rows[i].Row)
                .Put("source", Source(window.Table, transaction, lsn).Put("snapshot", "true"))
                .Put("op", "r")
                .Put("ts_ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var offset = Offset(transaction, index, lsn);
            await _queue.Writer.WriteAsync(
                new SourceRecord(_config.SourcePartition, offset, window.Table.Topic, null, window.Table.KeySchema, window.Table.KeyOf(rows[i].Row), window.Table.EnvelopeSchema, envelope, new DateTimeOffset(transaction.CommitTime).ToUnixTimeMilliseconds()),
                cancellationToken);
        }

        _progress = next;
        window.Done.TrySetResult();
    }

    /// <summary>Notes the keys a change touched while a chunk's window is open on its table.</summary>
    private void NoteChange(CapturedTable table, Struct? before, Struct? after)
    {
        if (Volatile.Read(ref _window) is { Open: true } window && window.Table.SchemaName == table.SchemaName && window.Table.TableName == table.TableName)
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
