using DeltaConnect.Runtime.Errors;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Runtime.Tasks;
using DeltaConnect.Runtime.Transforms;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Processors;
using DeltaConnect.Sdk.Records;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Processors;

/// <summary>
/// Runs a processor task: consume → converters → transforms → process (with the partition's state store and timers)
/// → produce. Every commit.interval.ms, in this order: wait until Kafka acknowledged every emitted record, log the
/// state changes to the changelog topic and wait for those too, apply them to RocksDB, commit the input offsets.
/// A crash anywhere in between makes the new owner redo the uncommitted input against state that never includes
/// effects whose output was lost (at-least-once, with consistent state).
/// </summary>
internal sealed class WorkerProcessorTask : WorkerTask
{
    private const int MaxPollRecords = 500;
    private const int MaxTimersPerRound = 1000;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StoreOpenTimeout = TimeSpan.FromSeconds(30);

    private readonly ProcessorTask _task;
    private readonly IReadOnlyDictionary<string, string> _config;
    private readonly ConverterSet _converters;
    private readonly RecordConversion _conversion;
    private readonly TransformationChain _transforms;
    private readonly IRecordConsumer _consumer;
    private readonly ConsumerPoller _poller;
    private readonly Action<IRecordConsumer> _subscribe;
    private readonly IRecordProducer _producer;
    private readonly IKafkaClients _clients;
    private readonly ChangelogSettings _changelog;
    private readonly string _stateDirectory;
    private readonly TimeSpan _commitInterval;
    private readonly TimeProvider _time;
    private readonly Dictionary<int, PartitionStateStore> _stores = [];
    private readonly HashSet<TopicPartition> _assigned = [];
    private readonly Dictionary<TopicPartition, long> _uncommittedOffsets = [];
    private readonly List<(ProcessingFailure Failure, bool Changelog)> _deliveryFailures = [];
    private readonly Dictionary<int, long> _changelogEnds = [];
    private readonly Lock _deliveryLock = new();
    private readonly Output _output = new();
    private ProcessorTaskContext? _context;
    private IRecordConsumer? _restoreConsumer;
    private int? _changelogPartitions;
    private Exception? _rebalanceFailure;
    private long _processed;
    private long _emitted;

    public WorkerProcessorTask(
        ConnectorTaskId id,
        ProcessorTask task,
        IReadOnlyDictionary<string, string> config,
        ConverterSet converters,
        TransformationChain transforms,
        RetryWithToleranceOperator errors,
        IRecordConsumer consumer,
        Action<IRecordConsumer> subscribe,
        IRecordProducer producer,
        IKafkaClients clients,
        ChangelogSettings changelog,
        string stateDirectory,
        TimeSpan commitInterval,
        ITaskStatusListener listener,
        TimeProvider time,
        ILogger logger)
        : base(id, listener, errors, logger)
    {
        _task = task;
        _config = config;
        _converters = converters;
        _conversion = new RecordConversion(converters, errors);
        _transforms = transforms;
        _consumer = consumer;
        _poller = new ConsumerPoller(consumer, $"poll-{id}");
        _subscribe = subscribe;
        _producer = producer;
        _clients = clients;
        _changelog = changelog;
        _stateDirectory = stateDirectory;
        _commitInterval = commitInterval;
        _time = time;
    }

    /// <summary>Consumed records handed to the task since it started.</summary>
    public long RecordsProcessed => Interlocked.Read(ref _processed);

    /// <summary>Records the task emitted that Kafka acknowledged.</summary>
    public long RecordsEmitted => Interlocked.Read(ref _emitted);

    /// <summary>The partitions whose state is open, by partition number (for tests and status).</summary>
    public IReadOnlyCollection<int> OpenStatePartitions => [.. _stores.Keys];

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        _context = new ProcessorTaskContext(_config, new ErrantRecordReporter(Errors, ErrorStage.TaskPut, _task.GetType(), r => r is SinkRecord s ? _output.ConsumedFor(s) : null));
        _task.Initialize(_context);
        await _task.StartAsync(_config, cancellationToken);
        _consumer.OnRevoking = OnRevoking;
        _subscribe(_consumer);
        Listener.OnStartup(Id);
        var nextCommit = _time.GetUtcNow() + _commitInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (IsPaused)
                {
                    await CommitAsync(cancellationToken);
                    _consumer.Pause(_consumer.Assignment);
                    await WaitWhilePausedAsync();
                    _consumer.Resume(_consumer.Assignment);
                    continue;
                }

                var poll = await _poller.PollAsync(MaxPollRecords, PollTimeout);
                if (Interlocked.Exchange(ref _rebalanceFailure, null) is { } failure)
                {
                    throw new ConnectException("Committing before a rebalance failed.", failure);
                }

                await HandleAssignmentAsync(poll, cancellationToken);
                if (poll.Records.Count > 0)
                {
                    await ProcessAsync(poll.Records, cancellationToken);
                }

                await FireTimersAsync(cancellationToken);
                if (_time.GetUtcNow() >= nextCommit)
                {
                    await CommitAsync(cancellationToken);
                    nextCommit = _time.GetUtcNow() + _commitInterval;
                }
            }
        }
        finally
        {
            await ShutdownAsync(cancellationToken.IsCancellationRequested);
        }
    }

    private async Task ShutdownAsync(bool graceful)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            if (graceful)
            {
                await CommitAsync(timeout.Token);
            }

            await _task.StopAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RuntimeLog.TaskStopFailed(Logger, Id.ToString(), e);
        }
        finally
        {
            try
            {
                // After a failure nothing pending is kept: the uncommitted input is processed again by whoever owns it next.
                CloseStores(_stores.Keys.ToList(), keepPending: false);
                _poller.Dispose();
                _consumer.OnRevoking = null;
                _consumer.Close();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                RuntimeLog.TaskStopFailed(Logger, Id.ToString(), e);
            }
            finally
            {
                // Whatever Close did, the clients' native threads and handles are released.
                _consumer.Dispose();
                _restoreConsumer?.Dispose();
                _producer.Dispose();
                _transforms.Dispose();
                _converters.Dispose();
            }
        }
    }

    // ---- rebalances ----

    /// <summary>Inside a poll, before partitions go: commit what was done for them and close their state.</summary>
    private void OnRevoking(IReadOnlyList<TopicPartition> partitions, bool lost)
    {
        try
        {
            if (!lost)
            {
                CommitAsync(Stopping).AsTask().GetAwaiter().GetResult();
            }

            _assigned.ExceptWith(partitions);
            var remaining = _assigned.Select(p => p.Partition).ToHashSet();
            CloseStores(_stores.Keys.Where(p => !remaining.Contains(p)).ToList(), keepPending: false);
            foreach (var partition in partitions)
            {
                _uncommittedOffsets.Remove(partition);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Thrown from the loop after the poll: a commit that did not happen fails the task (it restarts cleanly).
            _rebalanceFailure = e;
            CloseStores(_stores.Keys.ToList(), keepPending: false);
        }
    }

    private async Task HandleAssignmentAsync(PollResult poll, CancellationToken cancellationToken)
    {
        if (poll.Assigned.Count == 0 && poll.Revoked.Count == 0)
        {
            return;
        }

        var assignment = _consumer.Assignment;
        _context!.Assignment = assignment;
        _assigned.Clear();
        _assigned.UnionWith(assignment);
        foreach (var number in assignment.Select(p => p.Partition).Distinct().Where(p => !_stores.ContainsKey(p)).Order())
        {
            await OpenStoreAsync(number, assignment, cancellationToken);
        }
    }

    private async Task OpenStoreAsync(int partition, IReadOnlyCollection<TopicPartition> assignment, CancellationToken cancellationToken)
    {
        await EnsureChangelogAsync(partition, assignment, cancellationToken);
        var directory = Path.Combine(_stateDirectory, _changelog.Connector, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var store = await OpenWithRetryAsync(directory, partition, cancellationToken);
        try
        {
            var changelogPartition = new TopicPartition(_changelog.Topic, partition);
            _restoreConsumer ??= _clients.CreateConsumer($"connector-restore-{Id}", null, new Dictionary<string, string>());
            var end = (await _restoreConsumer.EndOffsetsAsync([changelogPartition], TimeSpan.FromSeconds(30)))[changelogPartition];
            var start = store.CheckpointOffset ?? 0;
            if (start > end)
            {
                // The changelog is younger than the checkpoint (the topic was recreated): the local state is stale.
                RuntimeLog.StateCheckpointAhead(Logger, Id.ToString(), partition, start, end);
                store.Dispose();
                PartitionStateStore.Wipe(directory);
                store = PartitionStateStore.Open(directory, partition, _changelog.Topic);
                start = 0;
            }

            var restored = await RestoreAsync(store, changelogPartition, start, end, cancellationToken);
            store.Checkpoint(_changelog.Topic, force: true);
            RuntimeLog.StateRestored(Logger, Id.ToString(), partition, restored, start, end);
            _stores[partition] = store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private async Task<PartitionStateStore> OpenWithRetryAsync(string directory, int partition, CancellationToken cancellationToken)
    {
        // Another task of this worker may still hold the partition's database (a partition lost by it and assigned here).
        var deadline = _time.GetUtcNow() + StoreOpenTimeout;
        while (true)
        {
            try
            {
                return PartitionStateStore.Open(directory, partition, _changelog.Topic);
            }
            catch (ConnectException) when (_time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken);
            }
        }
    }

    private async Task<long> RestoreAsync(PartitionStateStore store, TopicPartition changelogPartition, long start, long end, CancellationToken cancellationToken)
    {
        if (start >= end)
        {
            return 0;
        }

        var consumer = _restoreConsumer!;
        consumer.Assign(new Dictionary<TopicPartition, long> { [changelogPartition] = start });
        using var poller = new ConsumerPoller(consumer, $"restore-{Id}");
        long restored = 0;
        try
        {
            while (consumer.Position(changelogPartition) < end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var poll = await poller.PollAsync(10_000, TimeSpan.FromMilliseconds(200));
                if (poll.Records.Count == 0)
                {
                    continue;
                }

                var records = poll.Records.Where(r => r.Offset < end && r.Key is not null).Select(r => (r.Key!, r.Value)).ToList();
                store.ApplyRestored(records, Math.Min(poll.Records[^1].Offset + 1, end));
                restored += records.Count;
            }
        }
        finally
        {
            consumer.Assign(new Dictionary<TopicPartition, long>());
        }

        await Task.CompletedTask;
        return restored;
    }

    private async Task EnsureChangelogAsync(int partition, IReadOnlyCollection<TopicPartition> assignment, CancellationToken cancellationToken)
    {
        if (_changelogPartitions > partition)
        {
            return;
        }

        using var admin = _clients.CreateAdmin();
        var description = await admin.DescribeAsync(_changelog.Topic, cancellationToken);
        if (description is null)
        {
            // As many partitions as the widest input topic, so every input partition number has its state partition.
            var partitions = 1;
            foreach (var topic in assignment.Select(p => p.Topic).Distinct())
            {
                partitions = Math.Max(partitions, (await admin.DescribeAsync(topic, cancellationToken))?.Partitions ?? 0);
            }

            partitions = Math.Max(partitions, partition + 1);
            if (await admin.CreateIfMissingAsync(new TopicSpecification(_changelog.Topic, partitions, _changelog.ReplicationFactor, new Dictionary<string, string> { ["cleanup.policy"] = "compact" }), cancellationToken))
            {
                RuntimeLog.InternalTopicCreated(Logger, _changelog.Topic, partitions);
            }

            description = await admin.DescribeAsync(_changelog.Topic, cancellationToken)
                ?? throw new ConnectException($"The state changelog topic {_changelog.Topic} could not be created.");
        }

        if (!description.IsCompacted)
        {
            throw new ConnectException(
                $"The state changelog topic {_changelog.Topic} has cleanup.policy={description.Configs.GetValueOrDefault("cleanup.policy")}; it must be compacted or state is lost when old segments are deleted. Set cleanup.policy=compact on it, or point {Configuration.ProcessorConnectorConfig.StateChangelogTopic} at another topic.");
        }

        if (description.Partitions <= partition)
        {
            throw new ConnectException(
                $"The state changelog topic {_changelog.Topic} has {description.Partitions} partition(s) but input partition {partition} was assigned; it needs one partition per input partition. Add partitions to it (kafka-topics --alter --partitions {partition + 1}) or delete it so it is recreated.");
        }

        _changelogPartitions = description.Partitions;
    }

    private void CloseStores(List<int> partitions, bool keepPending)
    {
        foreach (var partition in partitions)
        {
            if (!_stores.Remove(partition, out var store))
            {
                continue;
            }

            lock (_deliveryLock)
            {
                _changelogEnds.Remove(partition);
            }

            try
            {
                if (!keepPending)
                {
                    store.DiscardPending();
                }

                store.Checkpoint(_changelog.Topic, force: true);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Without a fresh checkpoint the next open replays more of the changelog; nothing is lost.
                RuntimeLog.StateCheckpointFailed(Logger, Id.ToString(), partition, e);
            }
            finally
            {
                store.Dispose();
            }
        }
    }

    // ---- processing ----

    private async Task ProcessAsync(IReadOnlyList<KafkaRecord> consumed, CancellationToken cancellationToken)
    {
        // Records of partitions revoked during the poll belong to their new owner.
        var byPartition = new Dictionary<int, List<SinkRecord>>();
        _output.ClearConsumed();
        foreach (var raw in consumed)
        {
            if (!_stores.ContainsKey(raw.Partition) || !_assigned.Contains(raw.TopicPartition))
            {
                continue;
            }

            if (await _conversion.ToSinkRecordAsync(raw, _transforms, cancellationToken) is { } record)
            {
                if (!byPartition.TryGetValue(raw.Partition, out var batch))
                {
                    byPartition[raw.Partition] = batch = [];
                }

                batch.Add(record);
                _output.Consumed(record, raw);
            }

            _uncommittedOffsets[raw.TopicPartition] = raw.Offset + 1;
        }

        foreach (var (partition, batch) in byPartition)
        {
            await RunBatchAsync(_stores[partition], output => _task.ProcessAsync(batch, output, cancellationToken), batch[0], cancellationToken);
            Interlocked.Add(ref _processed, batch.Count);
        }
    }

    private async Task FireTimersAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var store in _stores.Values)
        {
            foreach (var (key, dueTime) in store.DueTimers(now, MaxTimersPerRound))
            {
                await RunBatchAsync(store, output =>
                {
                    _context!.Timers.Cancel(key);
                    return _task.OnTimerAsync(key, dueTime, output, cancellationToken);
                }, null, cancellationToken);
            }
        }
    }

    /// <summary>
    /// One call into the task with <paramref name="store"/> as its state: its state changes and emitted records take
    /// effect only if it returns; a retriable failure undoes them and calls again after a backoff.
    /// </summary>
    private async Task RunBatchAsync(PartitionStateStore store, Func<IProcessorOutput, ValueTask> call, SinkRecord? first, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            _output.Begin();
            store.BeginBatch();
            _context!.Enter(store);
            try
            {
                await call(_output);
                store.EndBatch();
                break;
            }
            catch (RetriableException e)
            {
                store.RollbackBatch();
                Errors.Metrics.RecordRetry();
                RuntimeLog.BatchRetry(Logger, Id.ToString(), "process", backoff.TotalMilliseconds, e.Message);
                await Task.Delay(backoff, _time, cancellationToken);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 10_000));
            }
            catch
            {
                store.RollbackBatch();
                throw;
            }
            finally
            {
                _context.Leave();
            }
        }

        foreach (var record in _output.Take())
        {
            await EmitAsync(record, first is null ? null : _output.ConsumedFor(first), cancellationToken);
        }
    }

    private async Task EmitAsync(ConnectRecord record, KafkaRecord? consumed, CancellationToken cancellationToken)
    {
        if (await _conversion.ToOutgoingAsync(record, consumed, cancellationToken) is not { } outgoing)
        {
            return;
        }

        _producer.Produce(outgoing, delivery =>
        {
            if (delivery.Succeeded)
            {
                Interlocked.Increment(ref _emitted);
                return;
            }

            lock (_deliveryLock)
            {
                _deliveryFailures.Add((new ProcessingFailure(ErrorStage.KafkaProduce, _producer.GetType(), delivery.Error!, consumed, record, outgoing.Key, outgoing.Value), false));
            }
        });
    }

    // ---- commits ----

    private async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_uncommittedOffsets.Count == 0 && _stores.Values.All(s => s.PendingCount == 0))
        {
            return;
        }

        // 1. Every emitted record acknowledged (a failure fails the task unless tolerated; then it is in the DLQ).
        await _producer.FlushAsync(cancellationToken);
        await HandleDeliveryFailuresAsync(cancellationToken);

        // 2. State changes logged, and acknowledged.
        var logged = false;
        foreach (var store in _stores.Values)
        {
            foreach (var (key, value) in store.PendingChangelog())
            {
                logged = true;
                var partition = store.Partition;
                _producer.Produce(new OutgoingRecord(_changelog.Topic, partition, key, value, null, []), delivery =>
                {
                    lock (_deliveryLock)
                    {
                        if (delivery.Succeeded)
                        {
                            _changelogEnds[partition] = Math.Max(_changelogEnds.GetValueOrDefault(partition), delivery.Offset + 1);
                        }
                        else
                        {
                            _deliveryFailures.Add((new ProcessingFailure(ErrorStage.KafkaProduce, _producer.GetType(), delivery.Error!, null, null, key, value), true));
                        }
                    }
                });
            }
        }

        if (logged)
        {
            await _producer.FlushAsync(cancellationToken);
            await HandleDeliveryFailuresAsync(cancellationToken);
        }

        // 3. Only now may RocksDB hold the changes.
        foreach (var store in _stores.Values)
        {
            long? end;
            lock (_deliveryLock)
            {
                end = _changelogEnds.TryGetValue(store.Partition, out var e) ? e : null;
            }

            store.ApplyPending(end);
            store.Checkpoint(_changelog.Topic, force: false);
        }

        // 4. The input is done.
        var assignment = _consumer.Assignment.ToHashSet();
        var offsets = _uncommittedOffsets.Where(o => assignment.Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value);
        _uncommittedOffsets.Clear();
        if (offsets.Count > 0)
        {
            _consumer.Commit(offsets);
        }
    }

    private async Task HandleDeliveryFailuresAsync(CancellationToken cancellationToken)
    {
        List<(ProcessingFailure Failure, bool Changelog)> failures;
        lock (_deliveryLock)
        {
            if (_deliveryFailures.Count == 0)
            {
                return;
            }

            failures = [.. _deliveryFailures];
            _deliveryFailures.Clear();
        }

        foreach (var (failure, changelog) in failures)
        {
            if (changelog)
            {
                // State that cannot be logged is never tolerated: the task fails and redoes the work from the last commit.
                throw new ConnectException($"Writing state changes to {_changelog.Topic} failed: {failure.Error.Message}", failure.Error);
            }

            await Errors.ReportAsync(failure, cancellationToken);
        }
    }

    /// <summary>The changelog topic of a processor connector and how to create it.</summary>
    internal sealed record ChangelogSettings(string Connector, string Topic, short ReplicationFactor);

    /// <summary>Collects the records of one call into the task; they are produced only if the call succeeds.</summary>
    private sealed class Output : IProcessorOutput
    {
        private readonly List<ConnectRecord> _records = [];
        private readonly Dictionary<SinkRecord, KafkaRecord> _consumed = new(ReferenceEqualityComparer.Instance);

        public void Emit(ConnectRecord record)
        {
            ArgumentNullException.ThrowIfNull(record);
            _records.Add(record);
        }

        public void Begin() => _records.Clear();

        public List<ConnectRecord> Take()
        {
            var records = _records.ToList();
            _records.Clear();
            return records;
        }

        public void ClearConsumed() => _consumed.Clear();

        public void Consumed(SinkRecord record, KafkaRecord raw) => _consumed[record] = raw;

        public KafkaRecord? ConsumedFor(SinkRecord record) => _consumed.GetValueOrDefault(record);
    }
}
