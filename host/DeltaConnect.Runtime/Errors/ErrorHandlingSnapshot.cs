namespace DeltaConnect.Runtime.Errors;

/// <summary>A task's error counters at one moment (Kafka Connect's task-error-metrics names in the docs).</summary>
internal sealed record ErrorHandlingSnapshot(
    long TotalRecordErrors,
    long TotalRecordFailures,
    long TotalRecordsSkipped,
    long TotalRetries,
    long TotalErrorsLogged,
    long DeadletterqueueProduceRequests,
    long DeadletterqueueProduceFailures,
    long LastErrorTimestamp);
