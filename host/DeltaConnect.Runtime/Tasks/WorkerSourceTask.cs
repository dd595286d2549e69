using DeltaConnect.Runtime.Errors;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Runtime.Transforms;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>
/// Runs a source task: poll → transforms → converters → produce; the source offset of a record is stored (in the
/// offsets topic, every offset.flush.interval.ms and at shutdown) only after Kafka acknowledged it and every earlier
/// record of its source partition. Failures in transforms, converters and delivery follow the error policy.
/// </summary>
internal sealed class WorkerSourceTask : WorkerTask
{
    private const int MaxUnacknowledged = 10_000;

    private readonly SourceTask _task;
    private readonly IReadOnlyDictionary<string, string> _config;
    private readonly ConverterSet _converters;
    private readonly RecordConversion _conversion;
    private readonly TransformationChain _transforms;
    private readonly IRecordProducer _producer;
    private readonly OffsetBackingStore _offsets;
    private readonly TimeSpan _flushInterval;
    private readonly TimeSpan _flushTimeout;
    private readonly TimeProvider _time;
    private readonly SubmittedRecords _submitted = new();
    private readonly List<(ProcessingFailure Failure, SubmittedRecords.Entry Entry, SourceRecord Record)> _deliveryFailures = [];
    private readonly Lock _failureLock = new();
    private readonly bool _tracksCommittedRecords;
    private long _produced;

    public WorkerSourceTask(
        ConnectorTaskId id,
        SourceTask task,
        IReadOnlyDictionary<string, string> config,
        ConverterSet converters,
        TransformationChain transforms,
        RetryWithToleranceOperator errors,
        IRecordProducer producer,
        OffsetBackingStore offsets,
        TimeSpan flushInterval,
        TimeSpan flushTimeout,
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
        _producer = producer;
        _offsets = offsets;
        _flushInterval = flushInterval;
        _flushTimeout = flushTimeout;
        _time = time;
        _tracksCommittedRecords = task.GetType().GetMethod(nameof(SourceTask.CommitRecord), [typeof(SourceRecord), typeof(RecordMetadata)])?.DeclaringType != typeof(SourceTask);
    }

    /// <summary>Records produced (acknowledged by Kafka) since the task started.</summary>
    public long RecordsProduced => Interlocked.Read(ref _produced);

    /// <summary>The plugin's task this runner drives.</summary>
    public SourceTask Task => _task;

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await _offsets.RefreshAsync(cancellationToken);
        var context = new SourceTaskContext(_config, new StoredOffsetReader(_offsets, Id.Connector), new ErrantRecordReporter(Errors, ErrorStage.TaskPoll, _task.GetType(), _ => null));
        _task.Initialize(context);
        await _task.StartAsync(_config, cancellationToken);
        Listener.OnStartup(Id);
        var nextFlush = _time.GetUtcNow() + _flushInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (IsPaused)
                {
                    await CommitOffsetsAsync(cancellationToken);
                    await WaitWhilePausedAsync();
                    continue;
                }

                var records = await _task.PollAsync(cancellationToken);
                foreach (var record in records)
                {
                    await SendAsync(record, cancellationToken);
                }

                await WaitForAcknowledgementsAsync(cancellationToken);

                await HandleDeliveryFailuresAsync(cancellationToken);
                if (_time.GetUtcNow() >= nextFlush)
                {
                    await CommitOffsetsAsync(cancellationToken);
                    nextFlush = _time.GetUtcNow() + _flushInterval;
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
        try
        {
            using var stopTimeout = new CancellationTokenSource(_flushTimeout);
            await _task.StopAsync(stopTimeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RuntimeLog.TaskStopFailed(Logger, Id.ToString(), e);
        }

        // Graceful stop: wait for outstanding deliveries, then store every offset they made safe.
        using var timeout = new CancellationTokenSource(_flushTimeout);
        try
        {
            await _producer.FlushAsync(timeout.Token);
            await HandleDeliveryFailuresAsync(timeout.Token);
            await CommitOffsetsAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            RuntimeLog.OffsetFlushTimedOut(Logger, Id.ToString(), _submitted.Pending);
        }
        finally
        {
            _producer.Dispose();
            _transforms.Dispose();
            _converters.Dispose();
        }
    }

    private async ValueTask SendAsync(SourceRecord record, CancellationToken cancellationToken)
    {
        var entry = _submitted.Submit(record.SourcePartition, record.SourceOffset);
        var (transformed, result) = await _transforms.ApplyAsync(record, null, Errors, cancellationToken);
        if (!transformed || result is null)
        {
            entry.Ack();
            _task.CommitRecord(record, null);
            return;
        }

        var outgoing = await _conversion.ToOutgoingAsync(result, null, cancellationToken);
        if (outgoing is null)
        {
            entry.Ack();
            _task.CommitRecord(record, null);
            return;
        }

        RecordActiveTopic(outgoing.Topic);
        // Until Kafka answers, only what the acknowledgement needs stays reachable — the source record itself only when
        // the task's CommitRecord wants it. Records waiting for acknowledgement survive young-generation collections,
        // so each byte kept here is copied by every one of them.
        var committed = _tracksCommittedRecords ? record : null;
        var sourcePartition = record.SourcePartition;
        _producer.Produce(outgoing, delivery =>
        {
            if (delivery.Succeeded)
            {
                Interlocked.Increment(ref _produced);
                entry.Ack();
                if (committed is not null)
                {
                    _task.CommitRecord(committed, new RecordMetadata(delivery.Topic, delivery.Partition, delivery.Offset, delivery.Timestamp));
                }

                return;
            }

            // Decided on the task loop: the failure may fail the task (errors.tolerance=none). The report carries the
            // bytes that were sent and the record's source partition and offset.
            var failed = new SourceRecord(sourcePartition, entry.Offset, outgoing.Topic, outgoing.Partition, null, null, null, null, outgoing.Timestamp);
            lock (_failureLock)
            {
                _deliveryFailures.Add((new ProcessingFailure(ErrorStage.KafkaProduce, _producer.GetType(), delivery.Error!, null, failed, outgoing.Key, outgoing.Value), entry, committed ?? failed));
            }

            _submitted.Wake();
        });
    }

    // Back-pressure: the next poll waits while many records are unacknowledged. Each one keeps its converted bytes and
    // delivery callback reachable until Kafka answers; letting the producer queue grow to its own limits
    // (100,000 messages) makes every young-generation collection copy them all.
    private async Task WaitForAcknowledgementsAsync(CancellationToken cancellationToken)
    {
        while (_submitted.Pending >= MaxUnacknowledged && !cancellationToken.IsCancellationRequested)
        {
            lock (_failureLock)
            {
                if (_deliveryFailures.Count > 0)
                {
                    return; // failed deliveries are decided on the loop first
                }
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_flushTimeout);
            try
            {
                await _submitted.WaitForPendingBelowAsync(MaxUnacknowledged, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Deliveries are slow (broker unavailable?): fall through to handle failures and flush offsets, then wait again.
                return;
            }
        }
    }

    private async Task HandleDeliveryFailuresAsync(CancellationToken cancellationToken)
    {
        List<(ProcessingFailure Failure, SubmittedRecords.Entry Entry, SourceRecord Record)> failures;
        lock (_failureLock)
        {
            if (_deliveryFailures.Count == 0)
            {
                return;
            }

            failures = [.. _deliveryFailures];
            _deliveryFailures.Clear();
        }

        foreach (var (failure, entry, record) in failures)
        {
            // Throws (failing the task, offsets not stored past the record) unless errors.tolerance=all.
            await Errors.ReportAsync(failure, cancellationToken);
            entry.Ack();
            _task.CommitRecord(record, null);
        }
    }

    private async Task CommitOffsetsAsync(CancellationToken cancellationToken)
    {
        var offsets = _submitted.CommittableOffsets();
        if (offsets.Count == 0)
        {
            return;
        }

        await _offsets.SetAsync(Id.Connector, offsets, cancellationToken);
        await _task.CommitAsync(cancellationToken);
        RuntimeLog.OffsetsCommitted(Logger, Id.ToString(), offsets.Count);
    }
}
