using System.Text;
using DeltaConnect.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Errors;

/// <summary>errors.log.enable: logs each tolerated failure, with the record when errors.log.include.messages is set.</summary>
internal sealed class LogReporter(ConnectorTaskId task, bool includeMessages, ErrorHandlingMetrics metrics, ILogger logger) : IErrorReporter
{
    public Task ReportAsync(ProcessingFailure failure, CancellationToken cancellationToken)
    {
        var where = failure.Consumed is { } consumed
            ? $"consumed record is {{topic='{consumed.Topic}', partition={consumed.Partition}, offset={consumed.Offset}}}"
            : failure.Record is { } record
                ? $"source record is {{topic='{record.Topic}'}}"
                : "no record";
        if (includeMessages)
        {
            where += failure.Consumed is { } c
                ? $" key={Describe(c.Key)} value={Describe(c.Value)}"
                : failure.Record is { } r && (r.Key is not null || r.Value is not null)
                    ? $" key={r.Key} value={r.Value}"
                    : failure.ConvertedKey is not null || failure.ConvertedValue is not null
                        // A record Kafka refused keeps only the bytes that were sent.
                        ? $" key={Describe(failure.ConvertedKey)} value={Describe(failure.ConvertedValue)}"
                        : "";
        }

        RuntimeLog.ToleratedError(logger, task.ToString(), failure.Stage.KafkaName(), failure.ExecutingClass.FullName ?? failure.ExecutingClass.Name, where, failure.Error);
        metrics.RecordLogged();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Describe(byte[]? bytes) => bytes is null ? "null" : Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 1000));
}
