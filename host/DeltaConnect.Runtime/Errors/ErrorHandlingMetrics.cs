namespace DeltaConnect.Runtime.Errors;

/// <summary>
/// A task's error counters, named as Kafka Connect's task-error-metrics: every failed attempt, every record that
/// failed for good, skipped (tolerated) records, retries, logged errors and dead-letter writes.
/// </summary>
internal sealed class ErrorHandlingMetrics
{
    private long _recordErrors;
    private long _recordFailures;
    private long _recordsSkipped;
    private long _retries;
    private long _errorsLogged;
    private long _dlqProduceRequests;
    private long _dlqProduceFailures;
    private long _lastErrorTimestamp = -1;

    public ErrorHandlingSnapshot Snapshot() => new(
        Interlocked.Read(ref _recordErrors),
        Interlocked.Read(ref _recordFailures),
        Interlocked.Read(ref _recordsSkipped),
        Interlocked.Read(ref _retries),
        Interlocked.Read(ref _errorsLogged),
        Interlocked.Read(ref _dlqProduceRequests),
        Interlocked.Read(ref _dlqProduceFailures),
        Interlocked.Read(ref _lastErrorTimestamp));

    public void RecordError(long now)
    {
        Interlocked.Increment(ref _recordErrors);
        Interlocked.Exchange(ref _lastErrorTimestamp, now);
    }

    public void RecordFailure() => Interlocked.Increment(ref _recordFailures);

    public void RecordSkipped() => Interlocked.Increment(ref _recordsSkipped);

    public void RecordRetry() => Interlocked.Increment(ref _retries);

    public void RecordLogged() => Interlocked.Increment(ref _errorsLogged);

    public void RecordDeadLetterRequest() => Interlocked.Increment(ref _dlqProduceRequests);

    public void RecordDeadLetterFailure() => Interlocked.Increment(ref _dlqProduceFailures);
}
