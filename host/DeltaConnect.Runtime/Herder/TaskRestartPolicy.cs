namespace DeltaConnect.Runtime.Herder;

/// <summary>
/// Exponential backoff for automatic task restarts: the delay doubles with each consecutive failure up to the maximum,
/// and the count resets once a task has run longer than the maximum delay without failing.
/// </summary>
internal sealed class TaskRestartPolicy(TimeSpan initial, TimeSpan maximum)
{
    private readonly Dictionary<string, (int Failures, DateTimeOffset LastStart)> _tasks = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Started(string task, DateTimeOffset now)
    {
        lock (_lock)
        {
            var failures = _tasks.TryGetValue(task, out var state) ? state.Failures : 0;
            _tasks[task] = (failures, now);
        }
    }

    /// <summary>Records a failure and returns how long to wait before restarting.</summary>
    public TimeSpan Failed(string task, DateTimeOffset now)
    {
        lock (_lock)
        {
            var (failures, lastStart) = _tasks.GetValueOrDefault(task);
            if (now - lastStart > maximum)
            {
                failures = 0;
            }

            failures++;
            _tasks[task] = (failures, lastStart);
            var delay = initial.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
            return TimeSpan.FromMilliseconds(Math.Min(delay, maximum.TotalMilliseconds));
        }
    }

    public void Forget(string task)
    {
        lock (_lock)
        {
            _tasks.Remove(task);
        }
    }
}
