using DeltaConnect.Sdk.Cdc;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using Npgsql;
using NpgsqlTypes;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// Snapshots with the DBLog watermark algorithm of <see cref="DbLogSnapshotter{TTable}"/> (DeltaConnect.Sdk.Cdc),
/// interleaved with streaming and without locks; <see cref="PostgresSnapshotDialect"/> is the Postgres part (watermark
/// rows in the signal table, chunk queries). The stream reports signal-table rows and changes to the engine, and emits
/// the chunk rows it hands back at each high watermark.
/// </summary>
public sealed partial class PostgresSourceTask
{
    private DbLogSnapshotter<CapturedTable>? _snapshots;
    private uint? _signalRelation;
    private CapturedTable? _signalTable;

    /// <summary>Where snapshots stand (none before start).</summary>
    private SnapshotProgress Progress => _snapshots?.Progress ?? SnapshotProgress.None;

    private void StartSnapshots(IReadOnlyDictionary<string, object?>? stored, IReadOnlyList<(string Schema, string Table)> captured)
    {
        var dialect = new PostgresSnapshotDialect(_catalog!, _config, TextSessionConnectionString(pooling: false));
        var options = new DbLogOptions(
            _config.GetInt(PostgresConnectorConfig.SnapshotChunkSize),
            TimeSpan.FromMilliseconds(_config.GetLong(PostgresConnectorConfig.SnapshotChunkPauseMs)));
        _snapshots?.Dispose();
        _snapshots = new DbLogSnapshotter<CapturedTable>(dialect, options, _streamLock)
        {
            Progress = stored is not null ? SnapshotProgress.FromOffset(stored)
                : _config.GetString(PostgresConnectorConfig.SnapshotMode) == "initial" ? new SnapshotProgress([.. captured.Select(t => new SnapshotTarget($"{t.Schema}.{t.Table}"))], null)
                : SnapshotProgress.None,
        };
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

    /// <summary>A row of the signal table went by: a watermark of the current chunk, or a request for an ad-hoc snapshot.</summary>
    private async Task OnSignalAsync(string op, Struct? row, TransactionState transaction, long index, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        if (op != "c" || row is null)
        {
            return;
        }

        // At a high watermark the chunk's rows not changed inside the window are emitted, in key order; the rows share
        // the source block and the offset (all but the last carry the progress before the chunk).
        Struct? source = null;
        SnapshotProgress? offsetProgress = null;
        Dictionary<string, object?>? offset = null;
        var timestamp = new DateTimeOffset(transaction.CommitTime).ToUnixTimeMilliseconds();
        object now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        ValueTask Emit(CapturedTable table, Struct after, SnapshotProgress progress, CancellationToken token)
        {
            source ??= Source(table, transaction, lsn).Put("snapshot", "true");
            if (!ReferenceEquals(progress, offsetProgress))
            {
                offsetProgress = progress;
                offset = Offset(transaction, index, lsn, progress);
            }

            var envelope = new Struct(table.EnvelopeSchema)
                .Put(table.AfterField, after)
                .Put(table.SourceField, source)
                .Put(table.OpField, "r")
                .Put(table.TsMsField, now);
            return _queue.Writer.WriteAsync(
                new SourceRecord(_sourcePartition, offset!, table.Topic, null, table.KeySchema, table.KeyOf(after), table.EnvelopeSchema, envelope, timestamp),
                token);
        }

        if (await _snapshots!.OnWatermarkAsync(row.Get("id") as string, Emit, cancellationToken))
        {
            return;
        }

        if (row.Get("type") as string == "execute-snapshot" && index > transaction.SkipUpTo)
        {
            await _snapshots.RequestAsync(row.Get("data") as string, cancellationToken);
        }
    }

    /// <summary>A connection string whose session prints values the way pgoutput does in this connector's replication session.</summary>
    private string TextSessionConnectionString(bool pooling) => new NpgsqlConnectionStringBuilder(_config.ConnectionString(replication: !pooling))
    {
        Options = "-c DateStyle=ISO,YMD -c TimeZone=UTC -c IntervalStyle=iso_8601 -c extra_float_digits=3 -c bytea_output=hex",
    }.ConnectionString;
}
