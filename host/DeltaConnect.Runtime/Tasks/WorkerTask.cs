using DeltaConnect.Runtime.Errors;
using DeltaConnect.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>
/// The part of running a task that sources and sinks share: the run loop's lifecycle (start, pause, resume, stop),
/// failure capture, and status notifications.
/// </summary>
internal abstract class WorkerTask : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stateLock = new();
    private TaskCompletionSource _resumed = NewSignal(completed: true);
    private Task? _run;
    private string? _lastTopic;
    private int _topicsVersion = -1;

    protected WorkerTask(ConnectorTaskId id, ITaskStatusListener listener, RetryWithToleranceOperator errors, ILogger logger)
    {
        Id = id;
        Listener = listener;
        Errors = errors;
        Logger = logger;
    }

    public ConnectorTaskId Id { get; }

    public ErrorHandlingSnapshot ErrorMetrics => Errors.Metrics.Snapshot();

    protected ITaskStatusListener Listener { get; }

    protected RetryWithToleranceOperator Errors { get; }

    protected ILogger Logger { get; }

    protected CancellationToken Stopping => _stopping.Token;

    protected bool IsPaused
    {
        get
        {
            lock (_stateLock)
            {
                return !_resumed.Task.IsCompleted;
            }
        }
    }

    /// <summary>
    /// Notes a topic the task uses (Kafka Connect's active topics). Called on the task loop for each record: it costs an
    /// equality check unless the topic differs from the previous record's or the active topics were reset.
    /// </summary>
    protected void RecordActiveTopic(string topic)
    {
        var version = Listener.ActiveTopicsVersion;
        if (version == _topicsVersion && string.Equals(topic, _lastTopic, StringComparison.Ordinal))
        {
            return;
        }

        _lastTopic = topic;
        _topicsVersion = version;
        Listener.OnTopicUsed(Id, topic);
    }

    /// <summary>Starts the task's loop in the background.</summary>
    public void Start(TargetState initialState)
    {
        if (initialState == TargetState.Paused)
        {
            Transition(TargetState.Paused);
        }

        _run = Task.Run(RunAsync);
    }

    /// <summary>Pauses or resumes processing.</summary>
    public void Transition(TargetState state)
    {
        lock (_stateLock)
        {
            if (state == TargetState.Paused && _resumed.Task.IsCompleted)
            {
                _resumed = NewSignal(completed: false);
                Listener.OnPause(Id);
            }
            else if (state == TargetState.Started && !_resumed.Task.IsCompleted)
            {
                _resumed.TrySetResult();
                Listener.OnResume(Id);
            }
        }
    }

    /// <summary>Signals the task to stop and waits up to <paramref name="timeout"/> for it to finish.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        await _stopping.CancelAsync();
        lock (_stateLock)
        {
            _resumed.TrySetResult();
        }

        if (_run is null)
        {
            return true;
        }

        try
        {
            await _run.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            RuntimeLog.TaskStopTimedOut(Logger, Id.ToString(), timeout.TotalMilliseconds);
            return false;
        }
    }

    /// <summary>
    /// Completes when the task's loop has ended — also for a task <see cref="StopAsync"/> gave up on, which keeps using
    /// its clients and the worker's stores until it gets there.
    /// </summary>
    public Task Completion => _run ?? Task.CompletedTask;

    /// <summary>Releases the stop signal (once <see cref="Completion"/> is done: a running loop still reads it).</summary>
    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The task's work: start the plugin task, loop until stopped, and clean up.</summary>
    protected abstract Task ExecuteAsync(CancellationToken cancellationToken);

    /// <summary>Waits while the task is paused (returns at once otherwise).</summary>
    protected Task WaitWhilePausedAsync()
    {
        Task resumed;
        lock (_stateLock)
        {
            resumed = _resumed.Task;
        }

        return resumed.WaitAsync(Stopping);
    }

    private static TaskCompletionSource NewSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }

    private async Task RunAsync()
    {
        try
        {
            await ExecuteAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            RuntimeLog.TaskFailed(Logger, Id.ToString(), e);
            Listener.OnFailure(Id, e);
            return;
        }
        finally
        {
            await Errors.DisposeAsync();
        }

        Listener.OnShutdown(Id);
    }
}
