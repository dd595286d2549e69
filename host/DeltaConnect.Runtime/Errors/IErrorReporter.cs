namespace DeltaConnect.Runtime.Errors;

/// <summary>Does something with a tolerated failure: log it, send it to the dead-letter topic.</summary>
internal interface IErrorReporter : IAsyncDisposable
{
    Task ReportAsync(ProcessingFailure failure, CancellationToken cancellationToken);
}
