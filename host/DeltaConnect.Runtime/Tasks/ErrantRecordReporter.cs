using DeltaConnect.Runtime.Errors;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>Routes records a task reports as errant into the connector's error policy (stage TASK_PUT or TASK_POLL).</summary>
internal sealed class ErrantRecordReporter(RetryWithToleranceOperator errors, ErrorStage stage, Type taskType, Func<ConnectRecord, KafkaRecord?> consumed) : IErrantRecordReporter
{
    public Task ReportAsync(ConnectRecord record, Exception error, CancellationToken cancellationToken = default) =>
        errors.ReportAsync(new ProcessingFailure(stage, taskType, error, consumed(record), record), cancellationToken);
}
