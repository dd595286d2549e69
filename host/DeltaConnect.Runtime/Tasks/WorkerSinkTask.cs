using DeltaConnect.Runtime.Errors;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Runtime.Transforms;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Sink;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>
/// Runs a sink task: consume → converters → transforms → put; every offset.flush.interval.ms (or when the task asks)
/// the task's <see cref="SinkTask.PreCommitAsync"/> says which offsets are durable and only those are committed, so
/// a record is never acknowledged before the sink wrote it. Conversion and transform failures follow the error
/// policy; a failed put retries retriable errors and otherwise fails the task.
/// </summary>
internal sealed class WorkerSinkTask : WorkerTask
{
    private const int MaxPollRecords = 500;
    private static readonly IReadOnlySet<TopicPartition> EmptyPartitions = new HashSet<TopicPartition>();
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);

    private readonly SinkTask _task;
    private readonly IReadOnlyDictionary<string, string> _config;
    private readonly ConverterSet _converters;
    private readonly RecordConversion _conversion;
    private readonly TransformationChain _transforms;
    private readonly IRecordConsumer _consumer;
    private readonly ConsumerPoller _poller;
    private readonly Func<IRecordConsumer, IReadOnlyList<string>?> _subscribe;
    private readonly TimeSpan _commitInterval;
    private readonly TimeProvider _time;
    private readonly Dictionary<TopicPartition, long> _currentOffsets = [];
    private readonly Dictionary<SinkRecord, KafkaRecord> _inFlight = new(ReferenceEqualityComparer.Instance);
    private SinkTaskContext? _context;
    private long _delivered;

    public WorkerSinkTask(
        ConnectorTaskId id,
        SinkTask task,
        IReadOnlyDictionary<string, string> config,
        ConverterSet converters,
        TransformationChain transforms,
        RetryWithToleranceOperator errors,
        IRecordConsumer consumer,
        Func<IRecordConsumer, IReadOnlyList<string>?> subscribe,
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
        _commitInterval = commitInterval;
        _time = time;
    }

    /// <summary>Records handed to the task's put since it started.</summary>
    public long RecordsDelivered => Interlocked.Read(ref _delivered);

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        _context = new SinkTaskContext(_config, new ErrantRecordReporter(Errors, ErrorStage.TaskPut, _task.GetType(), r => r is SinkRecord s ? _inFlight.GetValueOrDefault(s) : null));
        _task.Initialize(_context);
        await _task.StartAsync(_config, cancellationToken);
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
                await HandleRebalanceAsync(poll, cancellationToken);
                var seeked = ApplyContextRequests();
                // Records fetched before a seek the task asked for (typically in OpenAsync, rewinding to offsets kept in
                // the destination) are not delivered: the consumer returns them again from the new position.
                var records = seeked.Count == 0 ? poll.Records : [.. poll.Records.Where(r => !seeked.Contains(r.TopicPartition))];
                if (records.Count > 0)
                {
                    await DeliverAsync(records, cancellationToken);
                }

                if (_time.GetUtcNow() >= nextCommit || _context.CommitRequested)
                {
                    _context.ClearCommitRequest();
                    await CommitAsync(cancellationToken);
                    nextCommit = _time.GetUtcNow() + _commitInterval;
                }
            }
        }
        finally
        {
            await ShutdownAsync();
        }
    }

    private async Task ShutdownAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await CommitAsync(timeout.Token);
            await _task.CloseAsync(_consumer.Assignment, timeout.Token);
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
                _poller.Dispose();
                _consumer.Close();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                RuntimeLog.TaskStopFailed(Logger, Id.ToString(), e);
            }
            finally
            {
                // Whatever Close did, the consumer's native threads and handle are released.
                _consumer.Dispose();
                _transforms.Dispose();
                _converters.Dispose();
            }
        }
    }

    private async Task HandleRebalanceAsync(PollResult poll, CancellationToken cancellationToken)
    {
        if (poll.Revoked.Count > 0)
        {
            // Revocation already took effect inside the poll; offsets of revoked partitions that the task reports durable
            // are committed if the group still accepts them, else the new owner redoes that work (at-least-once).
            await _task.CloseAsync(poll.Revoked, cancellationToken);
            foreach (var partition in poll.Revoked)
            {
                _currentOffsets.Remove(partition);
            }
        }

        if (poll.Assigned.Count > 0)
        {
            _context!.Assignment = _consumer.Assignment;
            await _task.OpenAsync(poll.Assigned, cancellationToken);
        }
        else if (poll.Revoked.Count > 0)
        {
            _context!.Assignment = _consumer.Assignment;
        }
    }

    /// <summary>Applies the task's seek, pause and resume requests; returns the partitions that were seeked.</summary>
    private IReadOnlySet<TopicPartition> ApplyContextRequests()
    {
        var (seeks, pauses, resumes) = _context!.TakeRequests();
        foreach (var (partition, offset) in seeks)
        {
            _consumer.Seek(partition, offset);
            _currentOffsets[partition] = offset;
        }

        if (pauses.Count > 0)
        {
            _consumer.Pause(pauses);
        }

        if (resumes.Count > 0)
        {
            _consumer.Resume(resumes);
        }

        return seeks.Count == 0 ? EmptyPartitions : seeks.Keys.ToHashSet();
    }

    private async Task DeliverAsync(IReadOnlyList<KafkaRecord> consumed, CancellationToken cancellationToken)
    {
        var batch = new List<SinkRecord>(consumed.Count);
        _inFlight.Clear();
        foreach (var raw in consumed)
        {
            if (await _conversion.ToSinkRecordAsync(raw, _transforms, cancellationToken) is { } record)
            {
                batch.Add(record);
                _inFlight[record] = raw;
            }
        }

        if (batch.Count > 0)
        {
            await PutAsync(batch, cancellationToken);
            Interlocked.Add(ref _delivered, batch.Count);
        }

        // Every consumed record is accounted for: put, dropped by a transform, or reported by the error policy.
        foreach (var raw in consumed)
        {
            _currentOffsets[raw.TopicPartition] = raw.Offset + 1;
            RecordActiveTopic(raw.Topic);
        }
    }

    private async Task PutAsync(List<SinkRecord> batch, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await _task.PutAsync(batch, cancellationToken);
                return;
            }
            catch (RetriableException e)
            {
                // Kafka Connect redelivers the same batch after the task's requested timeout (or a growing backoff).
                var delay = _context!.TimeoutMs is { } requested ? TimeSpan.FromMilliseconds(requested) : backoff;
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 10_000));
                Errors.Metrics.RecordRetry();
                RuntimeLog.BatchRetry(Logger, Id.ToString(), "put", delay.TotalMilliseconds, e.Message);
                await Task.Delay(delay, _time, cancellationToken);
            }
        }
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_currentOffsets.Count == 0)
        {
            return;
        }

        var current = new Dictionary<TopicPartition, long>(_currentOffsets);
        var durable = await _task.PreCommitAsync(current, cancellationToken);
        var assignment = _consumer.Assignment.ToHashSet();
        var toCommit = durable.Where(o => assignment.Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value);
        if (toCommit.Count == 0)
        {
            return;
        }

        try
        {
            _consumer.Commit(toCommit);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // A commit rejected by a rebalance is retried at the next interval; the records will not be lost.
            RuntimeLog.CommitFailed(Logger, Id.ToString(), e.Message);
        }
    }
}
