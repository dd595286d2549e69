using System.Globalization;
using System.Threading.Channels;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Cdc;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// Streams a replication slot. A background loop decodes pgoutput messages into change events and queues them
/// (bounded: a slow Kafka slows the stream); <see cref="PollAsync"/> hands them out in batches.
/// </summary>
/// <remarks>
/// Offsets are <c>{"lsn_commit": L, "event": i, "lsn": ..., "txId": ..., "ts_usec": ...}</c>: the LSN of the commit record
/// of the record's transaction and the record's index in it. On restart, streaming starts at the stored L — the server
/// sends that transaction again — and events up to index i are skipped. The slot is told it may release WAL up to L
/// only once the worker stored the offset (after Kafka acknowledged the records), so a crash never skips a change.
/// </remarks>
public sealed partial class PostgresSourceTask : SourceTask, ISignalReceiver, IAsyncDisposable
{
    private const string OffsetCommitLsn = "lsn_commit";
    private const string OffsetEvent = "event";

    private readonly Dictionary<uint, CapturedTable?> _tables = [];
    private readonly SemaphoreSlim _streamLock = new(1, 1);
    private PostgresConnectorConfig _config = null!;
    private Channel<SourceRecord> _queue = null!;
    private CancellationTokenSource _stopping = new();
    private Task? _loop;
    private LogicalReplicationConnection? _replication;
    private PostgresCatalog? _catalog;
    private HashSet<string> _skipped = [];
    private ulong _resumeCommitLsn;
    private long _resumeEvent = -1;
    private ulong _flushed;
    private string _version = "";
    private IReadOnlyDictionary<string, object?> _sourcePartition = null!;
    private string _database = "";
    private string _placeholder = "";
    private bool _transactionMetadata;
    private bool _tombstones;
    private string _transactionTopic = "";
    private readonly Dictionary<uint, List<StreamedChange>> _streamed = [];
    private uint? _streamingXid;

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override async Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _config = new PostgresConnectorConfig(config);
        _version = Version;
        _sourcePartition = _config.SourcePartition;
        _database = _config.GetString(PostgresConnectorConfig.DbName)!;
        _placeholder = _config.GetString(PostgresConnectorConfig.UnavailableValuePlaceholder)!;
        _transactionMetadata = _config.GetBoolean(PostgresConnectorConfig.ProvideTransactionMetadata);
        _tombstones = _config.GetBoolean(PostgresConnectorConfig.TombstonesOnDelete);
        _transactionTopic = $"{_config.Prefix}.transaction";
        _skipped = _config.GetList(PostgresConnectorConfig.SkippedOperations).ToHashSet();
        _queue = Channel.CreateBounded<SourceRecord>(new BoundedChannelOptions(_config.GetInt(PostgresConnectorConfig.MaxQueueSize)) { SingleReader = true });
        var slot = _config.GetString(PostgresConnectorConfig.SlotName)!;

        try
        {
            _catalog = await PostgresCatalog.OpenAsync(_config, cancellationToken);
            if (await _catalog.CheckReplicationAsync(cancellationToken) is { } problem)
            {
                throw new ConfigException(problem.Option, null, problem.Message);
            }

            var (signalSchema, signalTable) = _config.SignalTable;
            await _catalog.EnsureSignalTableAsync(signalSchema, signalTable, cancellationToken);
            await _catalog.EnsurePublicationAsync(cancellationToken);
            var existing = await _catalog.SlotAsync(slot, cancellationToken);
            if (existing is { ActivePid: { } pid })
            {
                throw new RetriableException($"Replication slot '{slot}' is in use by server process {pid} (another connector or a client like pg_recvlogical). Stop it, or give this connector its own slot.name.");
            }

            if (existing is { } found && found.Plugin != "pgoutput")
            {
                throw new ConfigException(PostgresConnectorConfig.SlotName, slot, $"slot '{slot}' uses plugin '{found.Plugin}'; this connector needs a pgoutput slot.");
            }

            var stored = await Context.OffsetStorageReader.OffsetAsync(_config.SourcePartition, cancellationToken);
            StartSnapshots(stored, await _catalog.CapturedTablesAsync(cancellationToken));
            if (stored is not null && stored.TryGetValue(OffsetCommitLsn, out var commitLsn) && commitLsn is not null)
            {
                _resumeCommitLsn = Convert.ToUInt64(commitLsn, CultureInfo.InvariantCulture);
                _resumeEvent = stored.TryGetValue(OffsetEvent, out var index) && index is not null ? Convert.ToInt64(index, CultureInfo.InvariantCulture) : -1;
                _flushed = _resumeCommitLsn;
            }

            _replication = new LogicalReplicationConnection(TextSessionConnectionString(pooling: false))
            {
                WalReceiverStatusInterval = TimeSpan.FromMilliseconds(_config.GetInt(PostgresConnectorConfig.StatusUpdateIntervalMs)),
            };
            await _replication.Open(cancellationToken);
            if (existing is null)
            {
                await _replication.CreatePgOutputReplicationSlot(slot, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.NoExport, cancellationToken: cancellationToken);
            }
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException && e is not ConnectionProblem)
        {
            throw new RetriableException($"Postgres at {_config.GetString(PostgresConnectorConfig.Hostname)}: {e.Message}", e);
        }
        catch (ConnectionProblem problem)
        {
            throw new ConfigException(problem.Option, null, problem.Message);
        }

        var start = _resumeCommitLsn > 0 ? new NpgsqlLogSequenceNumber(_resumeCommitLsn) : (NpgsqlLogSequenceNumber?)null;
        _stopping = new CancellationTokenSource();
        _loop = Task.Run(() => StreamAsync(slot, start, _stopping.Token), CancellationToken.None);
    }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        var batch = new List<SourceRecord>();
        if (!reader.TryRead(out var first))
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromMilliseconds(_config.GetLong(PostgresConnectorConfig.PollIntervalMs)));
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token) || !reader.TryRead(out first))
                {
                    await ThrowIfStreamFailedAsync();
                    return batch;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await ThrowIfStreamFailedAsync();
                return batch;
            }
        }

        batch.Add(first);
        var max = _config.GetInt(PostgresConnectorConfig.MaxBatchSize);
        while (batch.Count < max && reader.TryRead(out var next))
        {
            batch.Add(next);
        }

        return batch;
    }

    /// <summary>The worker stored offsets: let the slot release WAL up to the stored transaction's commit.</summary>
    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        var stored = await Context.OffsetStorageReader.OffsetAsync(_config.SourcePartition, cancellationToken);
        if (stored?.GetValueOrDefault(OffsetCommitLsn) is { } value && Convert.ToUInt64(value, CultureInfo.InvariantCulture) is var lsn && lsn > _flushed && _replication is { } replication)
        {
            _flushed = lsn;
            // Sent with the next status update (status.update.interval.ms).
            replication.SetReplicationStatus(new NpgsqlLogSequenceNumber(lsn));
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or NpgsqlException or PostgresException or DataException or ConnectException)
            {
                // Stopping: the failure was reported by PollAsync already, or the stream ended because we cancelled it.
            }
        }

        if (_replication is not null)
        {
            if (_flushed > 0)
            {
                try
                {
                    _replication.SetReplicationStatus(new NpgsqlLogSequenceNumber(_flushed));
                    await _replication.SendStatusUpdate(cancellationToken);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or OperationCanceledException)
                {
                    // The next start resumes from the stored offset regardless.
                }
            }

            await _replication.DisposeAsync();
        }

        if (_catalog is not null)
        {
            if (_config.GetBoolean(PostgresConnectorConfig.SlotDropOnStop))
            {
                await _catalog.DropSlotAsync(_config.GetString(PostgresConnectorConfig.SlotName)!, cancellationToken);
            }

            await _catalog.DisposeAsync();
        }

        _stopping.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        _streamLock.Dispose();
        _snapshots?.Dispose();
        if (_replication is not null)
        {
            await _replication.DisposeAsync();
        }
    }

    private async Task ThrowIfStreamFailedAsync()
    {
        if (_loop is { IsCompleted: true } loop)
        {
            await loop;
            throw new RetriableException("The replication stream ended unexpectedly; the task will reconnect.");
        }
    }

    private async Task StreamAsync(string slot, NpgsqlLogSequenceNumber? start, CancellationToken cancellationToken)
    {
        // Postgres 14+ streams transactions larger than logical_decoding_work_mem while they run (protocol v2); they are
        // buffered here per transaction and emitted at their commit, as if they had arrived whole.
        var options = _replication!.PostgreSqlVersion.Major >= 14
            ? new PgOutputReplicationOptions(_config.GetString(PostgresConnectorConfig.PublicationName)!, PgOutputProtocolVersion.V2, streamingMode: PgOutputStreamingMode.On)
            : new PgOutputReplicationOptions(_config.GetString(PostgresConnectorConfig.PublicationName)!, PgOutputProtocolVersion.V1);
        var transaction = new TransactionState();
        using var heartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = _config.GetInt(PostgresConnectorConfig.HeartbeatIntervalMs) > 0
            ? Task.Run(() => HeartbeatAsync(transaction, heartbeats.Token), CancellationToken.None)
            : Task.CompletedTask;
        var snapshot = Task.Run(() => _snapshots!.RunAsync(heartbeats.Token), CancellationToken.None);
        try
        {
            await foreach (var message in _replication!.StartReplication(new PgOutputReplicationSlot(slot), options, cancellationToken, start))
            {
                if (snapshot.IsFaulted)
                {
                    await snapshot;
                }

                // Heartbeats go between transactions, never inside one: they carry a position past every processed commit.
                await _streamLock.WaitAsync(cancellationToken);
                try
                {
                    await HandleAsync(message, transaction, cancellationToken);
                }
                finally
                {
                    _streamLock.Release();
                }
            }
        }
        finally
        {
            await heartbeats.CancelAsync();
            foreach (var background in new[] { heartbeat, snapshot })
            {
                try
                {
                    await background;
                }
                catch (OperationCanceledException)
                {
                    // Stopping.
                }
                catch (Exception) when (background == snapshot && !snapshot.IsCanceled && cancellationToken.IsCancellationRequested)
                {
                    // The stream was stopped; a snapshot failure then does not matter.
                }
            }

            _queue.Writer.TryComplete();
        }
    }

    private async Task HandleAsync(PgOutputReplicationMessage message, TransactionState transaction, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case BeginMessage begin:
                BeginTransaction(transaction, begin.TransactionXid, (ulong)begin.TransactionFinalLsn, begin.TransactionCommitTimestamp);
                break;
            case CommitMessage commit:
                await CommitTransactionAsync(transaction, commit.CommitLsn, (ulong)commit.TransactionEndLsn, cancellationToken);
                break;
            case StreamStartMessage start:
                _streamingXid = start.TransactionXid;
                break;
            case StreamStopMessage:
                _streamingXid = null;
                break;
            case StreamCommitMessage commit:
                BeginTransaction(transaction, commit.TransactionXid, (ulong)commit.CommitLsn, commit.TransactionCommitTimestamp);
                foreach (var change in _streamed.Remove(commit.TransactionXid, out var changes) ? changes : [])
                {
                    await (change.Op == "t"
                        ? EmitTruncateAsync(transaction, change.RelationId, change.Lsn, cancellationToken)
                        : EmitDecodedAsync(transaction, change.RelationId, change.Table, change.Op, change.Before, change.After, change.Lsn, cancellationToken));
                }

                await CommitTransactionAsync(transaction, commit.CommitLsn, (ulong)commit.TransactionEndLsn, cancellationToken);
                break;
            case StreamAbortMessage abort when abort.SubtransactionXid == abort.TransactionXid:
                _streamed.Remove(abort.TransactionXid);
                break;
            case StreamAbortMessage abort:
                _streamed.GetValueOrDefault(abort.TransactionXid)?.RemoveAll(c => c.Subxid == abort.SubtransactionXid);
                break;
            case RelationMessage relation when (relation.Namespace, relation.RelationName) == _config.SignalTable:
                _signalRelation = relation.RelationId;
                _signalTable = await DescribeAsync(relation, cancellationToken);
                break;
            case RelationMessage relation:
                _tables[relation.RelationId] = _config.Captures(relation.Namespace, relation.RelationName)
                    ? await DescribeAsync(relation, cancellationToken)
                    : null;
                break;
            case InsertMessage insert:
                await EmitAsync(insert, transaction, insert.Relation.RelationId, "c", null, insert.NewRow, message.WalStart, cancellationToken);
                break;
            case FullUpdateMessage update:
                await EmitAsync(update, transaction, update.Relation.RelationId, "u", update.OldRow, update.NewRow, message.WalStart, cancellationToken);
                break;
            case IndexUpdateMessage update:
                await EmitAsync(update, transaction, update.Relation.RelationId, "u", update.Key, update.NewRow, message.WalStart, cancellationToken);
                break;
            case UpdateMessage update:
                await EmitAsync(update, transaction, update.Relation.RelationId, "u", null, update.NewRow, message.WalStart, cancellationToken);
                break;
            case FullDeleteMessage delete:
                await EmitAsync(delete, transaction, delete.Relation.RelationId, "d", delete.OldRow, null, message.WalStart, cancellationToken);
                break;
            case KeyDeleteMessage delete:
                await EmitAsync(delete, transaction, delete.Relation.RelationId, "d", delete.Key, null, message.WalStart, cancellationToken);
                break;
            case TruncateMessage truncate:
                foreach (var relation in truncate.Relations)
                {
                    if (Streamed(truncate) is { } buffer)
                    {
                        buffer.Add(new StreamedChange(relation.RelationId, null, "t", null, null, message.WalStart, truncate.TransactionXid!.Value));
                    }
                    else
                    {
                        await EmitTruncateAsync(transaction, relation.RelationId, message.WalStart, cancellationToken);
                    }
                }

                break;
        }
    }

    /// <summary>The table a Relation message announces, with its columns in the message's (the tuples') order.</summary>
    private Task<CapturedTable> DescribeAsync(RelationMessage relation, CancellationToken cancellationToken) =>
        _catalog!.DescribeAsync(relation.RelationId, relation.Namespace, relation.RelationName,
            [.. relation.Columns.Select(c => (c.ColumnName, c.DataTypeId, c.TypeModifier, c.Flags.HasFlag(RelationMessage.Column.ColumnFlags.PartOfKey)))],
            cancellationToken);

    /// <summary>
    /// Every heartbeat.interval.ms: runs heartbeat.action.query (a write to a captured table makes a transaction flow
    /// even when nothing else is captured), then, between transactions, queues a heartbeat record carrying the position
    /// past the last processed commit or the server's reported WAL end, whichever is later.
    /// </summary>
    private async Task HeartbeatAsync(TransactionState transaction, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(_config.GetInt(PostgresConnectorConfig.HeartbeatIntervalMs));
        var topic = $"{_config.GetString(PostgresConnectorConfig.HeartbeatTopicsPrefix)}.{_config.Prefix}";
        var action = _config.GetString(PostgresConnectorConfig.HeartbeatActionQuery);
        await using var actionConnection = string.IsNullOrWhiteSpace(action) ? null : new NpgsqlConnection(_config.ConnectionString());
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (actionConnection is not null)
            {
                try
                {
                    if (actionConnection.State != System.Data.ConnectionState.Open)
                    {
                        await actionConnection.OpenAsync(cancellationToken);
                    }

                    await using var command = new NpgsqlCommand(action, actionConnection);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (Exception e) when (e is NpgsqlException or PostgresException)
                {
                    // The heartbeat record still goes out; the query is retried on the next tick.
                    await actionConnection.CloseAsync();
                }
            }

            await _streamLock.WaitAsync(cancellationToken);
            try
            {
                if (!transaction.Active)
                {
                    await EmitHeartbeatAsync(topic, Math.Max(transaction.LastCommitEnd, (ulong)_replication!.LastReceivedLsn), cancellationToken);
                }
            }
            finally
            {
                _streamLock.Release();
            }
        }
    }

    private void BeginTransaction(TransactionState transaction, uint xid, ulong commitLsn, DateTime commitTime)
    {
        transaction.Begin(xid, commitLsn, commitTime);
        transaction.SkipUpTo = commitLsn < _resumeCommitLsn ? long.MaxValue : commitLsn == _resumeCommitLsn ? _resumeEvent : -1;
    }

    private async Task CommitTransactionAsync(TransactionState transaction, NpgsqlLogSequenceNumber commitLsn, ulong endLsn, CancellationToken cancellationToken)
    {
        if (transaction.BeginEmitted)
        {
            await _queue.Writer.WriteAsync(
                TransactionRecord(TransactionMetadata.End(transaction.Id, CommitMillis(transaction), transaction.Collections), transaction, Offset(transaction, transaction.LastEvent, commitLsn, Progress)),
                cancellationToken);
        }

        transaction.LastCommitEnd = endLsn;
        transaction.Active = false;
    }

    /// <summary>The buffer of the in-progress transaction a streamed change belongs to; null for changes of committed transactions.</summary>
    private List<StreamedChange>? Streamed(TransactionalMessage message)
    {
        if (message.TransactionXid is null || _streamingXid is not { } xid)
        {
            return null;
        }

        if (!_streamed.TryGetValue(xid, out var buffer))
        {
            _streamed[xid] = buffer = [];
        }

        return buffer;
    }

    private async Task EmitAsync(TransactionalMessage message, TransactionState transaction, uint relationId, string op, ReplicationTuple? oldRow, ReplicationTuple? newRow, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        var table = relationId == _signalRelation ? _signalTable : _tables.GetValueOrDefault(relationId);
        // Tuples must be read to the end before the next message, whether or not they are used.
        var before = oldRow is null ? null : await ReadRowAsync(table, oldRow, null, cancellationToken);
        var after = newRow is null ? null : await ReadRowAsync(table, newRow, before, cancellationToken);
        if (Streamed(message) is { } buffer)
        {
            // Every change is kept, captured or not, so that event indexes match those of the transaction sent whole.
            buffer.Add(new StreamedChange(relationId, table, op, before, after, lsn, message.TransactionXid!.Value));
            return;
        }

        await EmitDecodedAsync(transaction, relationId, table, op, before, after, lsn, cancellationToken);
    }

    private async Task EmitDecodedAsync(TransactionState transaction, uint relationId, CapturedTable? table, string op, Struct? before, Struct? after, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        var index = transaction.NextEvent();
        if (relationId == _signalRelation)
        {
            await OnSignalAsync(op, after, transaction, index, lsn, cancellationToken);
            return;
        }

        if (table is not null)
        {
            _snapshots!.NoteChange(table, before, after);
        }

        if (table is null || _skipped.Contains(op))
        {
            return;
        }

        // Counted before the skip: after a restart part-way through a transaction, its END still counts every event.
        var (totalOrder, tableOrder) = transaction.Count(table.Name);
        if (index <= transaction.SkipUpTo)
        {
            return;
        }

        var envelope = new Struct(table.EnvelopeSchema)
            .Put(table.BeforeField, before)
            .Put(table.AfterField, after)
            .Put(table.SourceField, Source(table, transaction, lsn))
            .Put(table.OpField, op)
            .Put(table.TsMsField, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (_transactionMetadata)
        {
            if (!transaction.BeginEmitted)
            {
                // Events up to the one before this are done: a restart from this offset emits this event again.
                transaction.BeginEmitted = true;
                await _queue.Writer.WriteAsync(
                    TransactionRecord(TransactionMetadata.Begin(transaction.Id, CommitMillis(transaction)), transaction, Offset(transaction, index - 1, lsn, Progress)),
                    cancellationToken);
            }

            envelope.Put("transaction", new Struct(CapturedTable.TransactionSchema)
                .Put("id", transaction.Id)
                .Put("total_order", totalOrder)
                .Put("data_collection_order", tableOrder));
        }

        var key = table.KeyOf(after ?? before!);
        var offset = Offset(transaction, index, lsn, Progress);
        var timestamp = new DateTimeOffset(transaction.CommitTime).ToUnixTimeMilliseconds();
        await _queue.Writer.WriteAsync(new SourceRecord(_sourcePartition, offset, table.Topic, null, table.KeySchema, key, table.EnvelopeSchema, envelope, timestamp), cancellationToken);
        if (op == "d" && _tombstones && key is not null)
        {
            await _queue.Writer.WriteAsync(new SourceRecord(_sourcePartition, offset, table.Topic, null, table.KeySchema, key, null, null, timestamp), cancellationToken);
        }
    }

    private async Task EmitTruncateAsync(TransactionState transaction, uint relationId, NpgsqlLogSequenceNumber lsn, CancellationToken cancellationToken)
    {
        var index = transaction.NextEvent();
        if (_tables.GetValueOrDefault(relationId) is not { } table || index <= transaction.SkipUpTo || _skipped.Contains("t"))
        {
            return;
        }

        var envelope = new Struct(table.EnvelopeSchema)
            .Put("source", Source(table, transaction, lsn))
            .Put("op", "t")
            .Put("ts_ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await _queue.Writer.WriteAsync(new SourceRecord(_sourcePartition, Offset(transaction, index, lsn, Progress), table.Topic, null, null, null, table.EnvelopeSchema, envelope, new DateTimeOffset(transaction.CommitTime).ToUnixTimeMilliseconds()), cancellationToken);
    }

    private SourceRecord TransactionRecord(Struct value, TransactionState transaction, Dictionary<string, object?> offset) =>
        new(_sourcePartition, offset, _transactionTopic, null, TransactionMetadata.KeySchema, TransactionMetadata.Key(transaction.Id), TransactionMetadata.ValueSchema, value, CommitMillis(transaction));

    private static long CommitMillis(TransactionState transaction) => new DateTimeOffset(DateTime.SpecifyKind(transaction.CommitTime, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private async Task EmitHeartbeatAsync(string topic, ulong lsn, CancellationToken cancellationToken)
    {
        var keySchema = SchemaBuilder.Struct().Name("io.debezium.connector.common.ServerNameKey").Field("serverName", Schema.String).Build();
        var valueSchema = SchemaBuilder.Struct().Name("io.debezium.connector.common.Heartbeat").Field("ts_ms", Schema.Int64).Build();
        var offset = new Dictionary<string, object?> { [OffsetCommitLsn] = (long)lsn, [OffsetEvent] = -1L, ["lsn"] = (long)lsn };
        Progress.AddTo(offset);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _queue.Writer.WriteAsync(
            new SourceRecord(_sourcePartition, offset, topic, null, keySchema, new Struct(keySchema).Put("serverName", _config.Prefix), valueSchema, new Struct(valueSchema).Put("ts_ms", now), now),
            cancellationToken);
    }

    private Struct Source(CapturedTable table, TransactionState transaction, NpgsqlLogSequenceNumber lsn)
    {
        var commit = new DateTimeOffset(DateTime.SpecifyKind(transaction.CommitTime, DateTimeKind.Utc));
        var micros = (commit - DateTimeOffset.UnixEpoch).Ticks / 10;
        return new Struct(CapturedTable.SourceSchema)
            .Put(SourceFields.Version, _version)
            .Put(SourceFields.Connector, "postgresql")
            .Put(SourceFields.Name, _config.Prefix)
            .Put(SourceFields.TsMs, micros / 1000)
            .Put(SourceFields.Snapshot, "false")
            .Put(SourceFields.Db, _database)
            .Put(SourceFields.Sequence, $"[\"{transaction.CommitLsn}\",\"{((ulong)lsn)}\"]")
            .Put(SourceFields.TsUs, micros)
            .Put(SourceFields.TsNs, micros * 1000)
            .Put(SourceFields.Schema, table.SchemaName)
            .Put(SourceFields.Table, table.TableName)
            .Put(SourceFields.TxId, (long)transaction.Xid)
            .Put(SourceFields.Lsn, (long)((ulong)lsn));
    }

    /// <summary>The source block's fields, looked up once (a change event sets thirteen of them).</summary>
    private static class SourceFields
    {
        public static readonly Field Version = Of("version");
        public static readonly Field Connector = Of("connector");
        public static readonly Field Name = Of("name");
        public static readonly Field TsMs = Of("ts_ms");
        public static readonly Field Snapshot = Of("snapshot");
        public static readonly Field Db = Of("db");
        public static readonly Field Sequence = Of("sequence");
        public static readonly Field TsUs = Of("ts_us");
        public static readonly Field TsNs = Of("ts_ns");
        public static readonly Field Schema = Of("schema");
        public static readonly Field Table = Of("table");
        public static readonly Field TxId = Of("txId");
        public static readonly Field Lsn = Of("lsn");

        private static Field Of(string name) => CapturedTable.SourceSchema.Field(name)!;
    }

    private static Dictionary<string, object?> Offset(TransactionState transaction, long index, NpgsqlLogSequenceNumber lsn, SnapshotProgress progress)
    {
        var offset = new Dictionary<string, object?>(progress.Active ? 7 : 5)
        {
            [OffsetCommitLsn] = (long)transaction.CommitLsn,
            [OffsetEvent] = index,
            ["lsn"] = (long)(ulong)lsn,
            ["txId"] = (long)transaction.Xid,
            ["ts_usec"] = (new DateTimeOffset(DateTime.SpecifyKind(transaction.CommitTime, DateTimeKind.Utc)) - DateTimeOffset.UnixEpoch).Ticks / 10,
        };
        progress.AddTo(offset);
        return offset;
    }

    /// <summary>Reads a tuple into a value struct; unchanged TOAST values come from <paramref name="before"/> when it has them.</summary>
    private async Task<Struct?> ReadRowAsync(CapturedTable? table, ReplicationTuple tuple, Struct? before, CancellationToken cancellationToken)
    {
        var row = table is null ? null : new Struct(table.ValueSchema);
        var i = 0;
        await foreach (var value in tuple.WithCancellation(cancellationToken))
        {
            var column = table?.Columns[i++];
            if (value.IsDBNull)
            {
                continue;
            }

            if (value.IsUnchangedToastedValue)
            {
                if (row is not null)
                {
                    var placeholder = _placeholder;
                    var field = row.Schema.Field(column!.Name)!;
                    row.Put(field, before?.Get(column.Name) ?? (field.Schema.Type == SchemaType.Bytes ? System.Text.Encoding.UTF8.GetBytes(placeholder) : field.Schema.Type == SchemaType.String ? placeholder : null));
                }

                continue;
            }

            var text = await value.Get<string>(cancellationToken);
            if (row is not null)
            {
                row.Put(table!.ValueSchema.Fields[i - 1], column!.Type.Parse(text, table.Name, column.Name));
            }
        }

        return row;
    }

    /// <summary>A change of a transaction still in progress (streamed), decoded and kept until its commit.</summary>
    private sealed record StreamedChange(uint RelationId, CapturedTable? Table, string Op, Struct? Before, Struct? After, NpgsqlLogSequenceNumber Lsn, uint Subxid);

    private sealed class TransactionState
    {
        private readonly List<KeyValuePair<string, long>> _perTable = [];
        private long _events;
        private long _captured;

        public bool Active { get; set; }

        public uint Xid { get; private set; }

        public ulong CommitLsn { get; private set; }

        public DateTime CommitTime { get; private set; }

        public long SkipUpTo { get; set; } = -1;

        /// <summary>Where the last processed transaction's commit record ends.</summary>
        public ulong LastCommitEnd { get; set; }

        public void Begin(uint xid, ulong commitLsn, DateTime commitTime)
        {
            Active = true;
            Xid = xid;
            CommitLsn = commitLsn;
            CommitTime = commitTime;
            _events = 0;
            _captured = 0;
            _perTable.Clear();
            BeginEmitted = false;
            Id = $"{xid}:{commitLsn}";
        }

        /// <summary>Debezium's transaction id: xid:commit LSN.</summary>
        public string Id { get; private set; } = "";

        public bool BeginEmitted { get; set; }

        /// <summary>The index of the transaction's last message so far.</summary>
        public long LastEvent => _events - 1;

        /// <summary>Change events of captured tables so far, per table (schema.table), in first-seen order.</summary>
        public IReadOnlyList<KeyValuePair<string, long>> Collections => _perTable;

        public long NextEvent() => _events++;

        /// <summary>Counts a change event of <paramref name="table"/>: its order in the transaction and in its table (both from 1).</summary>
        public (long Total, long InTable) Count(string table)
        {
            var i = _perTable.FindIndex(p => p.Key == table);
            var inTable = i < 0 ? 1 : _perTable[i].Value + 1;
            if (i < 0)
            {
                _perTable.Add(new(table, 1));
            }
            else
            {
                _perTable[i] = new(table, inTable);
            }

            return (++_captured, inTable);
        }
    }
}
