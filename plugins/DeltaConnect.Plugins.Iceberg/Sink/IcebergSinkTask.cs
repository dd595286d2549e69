using System.Diagnostics;
using System.Runtime.CompilerServices;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>
/// Writes records to Iceberg tables. Changes are buffered per table and committed (one snapshot per table, data and
/// equality delete files together, consumer offsets in the snapshot summary) at the first offset commit after
/// <c>iceberg.control.commit.interval-ms</c>, when partitions are closed and when the task stops. Only offsets committed
/// in every table are reported durable; on open the task rewinds each partition to the offset the tables hold and
/// skips redelivered records they already contain, which makes delivery exactly-once.
/// </summary>
public sealed class IcebergSinkTask : SinkTask
{
    private readonly List<TableWriter> _tables = [];
    private IcebergSinkConfig? _config;
    private ICatalog? _catalog;
    private ChangeEvent.Reader? _changes;
    private long _commitIntervalTicks;
    private long _lastCommit;

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <inheritdoc />
    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _config = new IcebergSinkConfig(config);
        _changes = new ChangeEvent.Reader(_config.OperationField, upsertByDefault: _config.IdColumns.Count > 0);
        var connectorName = config.TryGetValue("name", out var name) && name.Length > 0 ? name : "iceberg-sink";
        var crashHook = CrashTestHook.FromEnvironment();
        _catalog = _config.OpenCatalog();
        foreach (var table in _config.TableNames)
        {
            var partitionBy = _config.PartitionBy(table);
            try
            {
                PartitionSpec.ParseTerms(partitionBy);
            }
            catch (FormatException e)
            {
                throw new ConnectException($"Invalid {IcebergSinkConfig.PerTablePartitionBy(table)}: {e.Message}", e);
            }

            var writer = new TableWriter(
                TableIdentifier.Parse(table),
                _catalog,
                _config.GetBoolean(IcebergSinkConfig.AutoCreateEnabled),
                _config.GetBoolean(IcebergSinkConfig.EvolveSchemaEnabled),
                partitionBy,
                _config.IdColumns,
                connectorName,
                crashHook)
            {
                TargetFileSizeBytes = _config.TargetFileSize,
            };
            writer.Reload();
            _tables.Add(writer);
        }

        _commitIntervalTicks = (long)(_config.GetInt(IcebergSinkConfig.CommitIntervalMs) * (Stopwatch.Frequency / 1000.0));
        _lastCommit = Stopwatch.GetTimestamp();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OpenAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var table in _tables)
        {
            // Buffered changes of other partitions are committed first, since reloading drops the buffer.
            table.Commit();
            table.Reload();
        }

        foreach (var partition in partitions)
        {
            if (CommittedInEveryTable(partition) is { } next)
            {
                Context.Offset(partition, next);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ValueTask PutAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var reader = _changes ?? throw new InvalidOperationException("The task has not been started.");
        foreach (var record in records)
        {
            var change = reader.Read(record);
            foreach (var table in _tables)
            {
                table.Add(record, change);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override Task FlushAsync(IReadOnlyDictionary<TopicPartition, long> currentOffsets, CancellationToken cancellationToken)
    {
        if (Stopwatch.GetTimestamp() - _lastCommit >= _commitIntervalTicks)
        {
            CommitAll();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<TopicPartition, long>> PreCommitAsync(IReadOnlyDictionary<TopicPartition, long> currentOffsets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(currentOffsets);
        await FlushAsync(currentOffsets, cancellationToken);
        var durable = new Dictionary<TopicPartition, long>();
        foreach (var partition in currentOffsets.Keys)
        {
            if (CommittedInEveryTable(partition) is { } next)
            {
                durable[partition] = next;
            }
        }

        return durable;
    }

    /// <inheritdoc />
    public override Task CloseAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        CommitAll();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            CommitAll();
        }
        finally
        {
            _catalog?.Dispose();
            _catalog = null;
        }

        return Task.CompletedTask;
    }

    private void CommitAll()
    {
        foreach (var table in _tables)
        {
            table.Commit();
        }

        _lastCommit = Stopwatch.GetTimestamp();
    }

    private long? CommittedInEveryTable(TopicPartition partition)
    {
        long? lowest = null;
        foreach (var table in _tables)
        {
            if (!table.Committed.TryGetValue(partition, out var next))
            {
                return null;
            }

            lowest = lowest is { } l ? Math.Min(l, next) : next;
        }

        return lowest;
    }
}
