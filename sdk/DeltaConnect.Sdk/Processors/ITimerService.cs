namespace DeltaConnect.Sdk.Processors;

/// <summary>
/// Durable timers of a processor task: a timer fires <see cref="ProcessorTask.OnTimerAsync"/> once its due time has
/// passed, and survives restarts (it lives in the state store). Scheduling the same key again replaces the timer.
/// </summary>
public interface ITimerService
{
    /// <summary>Schedules (or reschedules) the timer <paramref name="key"/> for <paramref name="dueTime"/>.</summary>
    void Schedule(ReadOnlySpan<byte> key, DateTimeOffset dueTime);

    /// <summary>Cancels the timer <paramref name="key"/>.</summary>
    void Cancel(ReadOnlySpan<byte> key);
}
