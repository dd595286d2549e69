using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Connectors;

/// <summary>
/// Sends a record that a task cannot process to the connector's error handling instead of failing the task:
/// with <c>errors.tolerance=all</c> it is logged, counted and written to the dead-letter topic (if configured);
/// with <c>errors.tolerance=none</c> reporting fails the task.
/// </summary>
public interface IErrantRecordReporter
{
    /// <summary>Reports <paramref name="record"/> as failed with <paramref name="error"/>; completes once it is handled.</summary>
    Task ReportAsync(ConnectRecord record, Exception error, CancellationToken cancellationToken = default);
}
