using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Sdk.Errors;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Errors;

/// <summary>
/// Runs one step of a task's pipeline under the connector's error policy: retriable errors are retried with
/// exponential backoff for up to errors.retry.timeout; a step that still fails either fails the task
/// (errors.tolerance=none) or is reported — logged, sent to the dead-letter topic, counted — and its record skipped
/// (errors.tolerance=all). Nothing is dropped silently: a record is delivered, retried, or reported and counted.
/// </summary>
internal sealed class RetryWithToleranceOperator : IAsyncDisposable
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(300);

    private readonly bool _tolerateAll;
    private readonly long _retryTimeoutMs;
    private readonly TimeSpan _maxDelay;
    private readonly IReadOnlyList<IErrorReporter> _reporters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RetryWithToleranceOperator(ConnectorConfig config, IReadOnlyList<IErrorReporter> reporters, ErrorHandlingMetrics metrics, TimeProvider time, ILogger logger)
    {
        _tolerateAll = config.ToleratesAll;
        _retryTimeoutMs = config.GetLong(ConnectorConfig.ErrorsRetryTimeout);
        _maxDelay = TimeSpan.FromMilliseconds(config.GetLong(ConnectorConfig.ErrorsRetryMaxDelay));
        _reporters = reporters;
        Metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public ErrorHandlingMetrics Metrics { get; }

    public bool ToleratesAll => _tolerateAll;

    /// <summary>
    /// Runs a synchronous step (converter, transform). Returns (true, result) on success; (false, default) when the
    /// step failed and the failure was tolerated and reported; throws <see cref="ToleranceExceededException"/> otherwise.
    /// </summary>
    public ValueTask<(bool Succeeded, T? Value)> ExecuteAsync<T>(Func<T> step, Func<Exception, ProcessingFailure> describe, CancellationToken cancellationToken)
    {
        try
        {
            // The fast path: no allocation beyond the tuple.
            return ValueTask.FromResult<(bool, T?)>((true, step()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return RetryAsync(() => ValueTask.FromResult(step()), e, describe, cancellationToken);
        }
    }

    /// <summary>Runs an asynchronous step under the same policy.</summary>
    public async ValueTask<(bool Succeeded, T? Value)> ExecuteAsync<T>(Func<ValueTask<T>> step, Func<Exception, ProcessingFailure> describe, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await step());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await RetryAsync(step, e, describe, cancellationToken);
        }
    }

    /// <summary>Reports a failure that happened outside <see cref="ExecuteAsync{T}(Func{T}, Func{Exception, ProcessingFailure}, CancellationToken)"/>
    /// (a failed delivery, an errant record reported by the task); throws when it is not tolerated.</summary>
    public async Task ReportAsync(ProcessingFailure failure, CancellationToken cancellationToken)
    {
        Metrics.RecordError(_time.GetUtcNow().ToUnixTimeMilliseconds());
        await FailAsync(failure, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var reporter in _reporters)
        {
            await reporter.DisposeAsync();
        }
    }

    private async ValueTask<(bool Succeeded, T? Value)> RetryAsync<T>(Func<ValueTask<T>> step, Exception first, Func<Exception, ProcessingFailure> describe, CancellationToken cancellationToken)
    {
        var error = first;
        var started = _time.GetUtcNow();
        var delay = InitialBackoff;
        while (true)
        {
            Metrics.RecordError(_time.GetUtcNow().ToUnixTimeMilliseconds());
            var elapsed = (_time.GetUtcNow() - started).TotalMilliseconds;
            var retry = error is RetriableException && (_retryTimeoutMs == -1 || elapsed + delay.TotalMilliseconds <= _retryTimeoutMs);
            if (!retry)
            {
                await FailAsync(describe(error), cancellationToken);
                return (false, default);
            }

            Metrics.RecordRetry();
            await Task.Delay(delay, _time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, _maxDelay.TotalMilliseconds));
            try
            {
                return (true, await step());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e;
            }
        }
    }

    private async Task FailAsync(ProcessingFailure failure, CancellationToken cancellationToken)
    {
        Metrics.RecordFailure();
        if (!_tolerateAll)
        {
            throw new ToleranceExceededException(
                $"Tolerance exceeded in error handler: {failure.Stage.KafkaName()} failed in {failure.ExecutingClass.Name} ({failure.Error.GetType().Name}: {failure.Error.Message}). " +
                "Set errors.tolerance=all to skip such records (and errors.deadletterqueue.topic.name to keep them).",
                failure.Error);
        }

        foreach (var reporter in _reporters)
        {
            await reporter.ReportAsync(failure, cancellationToken);
        }

        Metrics.RecordSkipped();
        RuntimeLog.RecordSkipped(_logger, failure.Stage.KafkaName(), failure.Error.Message);
    }
}
