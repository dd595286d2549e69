using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime;

/// <summary>The runtime's log messages, generated as allocation-free logging methods.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created internal topic {Topic} with {Partitions} partition(s)")]
    public static partial void InternalTopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flushing writes to {Topic} timed out at shutdown")]
    public static partial void FlushTimedOut(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading internal topic {Topic} failed")]
    public static partial void InternalTopicReaderFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Config topic record {Key} at offset {Offset} is unreadable and was skipped: {Reason}")]
    public static partial void UnreadableConfigRecord(ILogger logger, string key, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task configs of connector {Connector} are incomplete (task {Task} of {Count} missing); waiting for them to be rewritten")]
    public static partial void IncompleteTaskConfigs(ILogger logger, string connector, int task, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offsets topic record at partition {Partition} offset {Offset} is unreadable and was skipped: {Reason}")]
    public static partial void UnreadableOffsetRecord(ILogger logger, int partition, long offset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status topic record {Key} is unreadable and was skipped: {Reason}")]
    public static partial void UnreadableStatusRecord(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped a record that failed at {Stage}: {Reason}")]
    public static partial void RecordSkipped(ILogger logger, string stage, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Error encountered in task {Task}. Executing stage '{Stage}' with class '{Class}', where {Where}.")]
    public static partial void ToleratedError(ILogger logger, string task, string stage, string @class, string where, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task} did not stop within {TimeoutMs} ms; abandoning it")]
    public static partial void TaskStopTimedOut(ILogger logger, string task, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} abandoned task(s) still running after {WaitedMs} ms; closing the worker's stores under them (their last offset commits and status writes fail)")]
    public static partial void AbandonedTasksStillRunning(ILogger logger, int count, double waitedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {Task} failed")]
    public static partial void TaskFailed(ILogger logger, string task, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping task {Task} failed")]
    public static partial void TaskStopFailed(ILogger logger, string task, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}: offset flush timed out with {Pending} record(s) unacknowledged; they will be produced again after a restart")]
    public static partial void OffsetFlushTimedOut(ILogger logger, string task, int pending);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {Task}: stored offsets of {Partitions} source partition(s)")]
    public static partial void OffsetsCommitted(ILogger logger, string task, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}: {Stage} failed with a retriable error; retrying the batch in {DelayMs} ms: {Reason}")]
    public static partial void BatchRetry(ILogger logger, string task, string stage, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}: committing consumer offsets failed (retried at the next commit): {Reason}")]
    public static partial void CommitFailed(ILogger logger, string task, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} ({Type}) started")]
    public static partial void ConnectorStarted(ILogger logger, string connector, string type);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {Connector} failed to start")]
    public static partial void ConnectorFailed(ILogger logger, string connector, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping connector {Connector} failed")]
    public static partial void ConnectorStopFailed(ILogger logger, string connector, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a status record failed: {Reason}")]
    public static partial void StatusWriteFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {Task} failed; restarting it in {DelayMs} ms")]
    public static partial void TaskRestartScheduled(ILogger logger, string task, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}: the state checkpoint of partition {Partition} ({Checkpoint}) is past the end of its changelog ({End}); the changelog topic was recreated, so the local state is rebuilt")]
    public static partial void StateCheckpointAhead(ILogger logger, string task, int partition, long checkpoint, long end);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {Task}: state of partition {Partition} ready, {Records} change(s) restored from changelog offsets {Start} to {End}")]
    public static partial void StateRestored(ILogger logger, string task, int partition, long records, long start, long end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task}: writing the state checkpoint of partition {Partition} failed; the next start replays more of the changelog")]
    public static partial void StateCheckpointFailed(ILogger logger, string task, int partition, Exception exception);
}
