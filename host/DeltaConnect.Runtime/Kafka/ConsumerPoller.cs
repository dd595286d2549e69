namespace DeltaConnect.Runtime.Kafka;

/// <summary>
/// Polls a consumer for an async task loop without holding a thread-pool thread while the client waits for records.
/// </summary>
/// <remarks>
/// <para>
/// A consumer's poll blocks its calling thread inside the native client until a record arrives or the timeout passes;
/// the thread pool cannot see that wait. A sink task loop polling on a pool thread takes one of the pool's few threads
/// (as many as CPUs at first) every time its consumer is caught up. On a 2-core machine that left one thread for
/// everything else — source task loops, delivery-report continuations, offset commits — and their continuations queued
/// behind it: offset commits of a source task took 0.2–1.5 s instead of milliseconds, and whole pipelines stalled with
/// idle CPUs until the pool's slow thread injection caught up.
/// </para>
/// <para>
/// So a poll first takes what the client has already fetched (without waiting). Only when that is nothing does it wait,
/// and then on a thread of this poller's own, created on first use and kept for the consumer's lifetime; the task loop
/// awaits the result. The consumer is still used by one caller at a time: the loop awaits each poll before its next
/// call, as <see cref="IRecordConsumer"/> requires.
/// </para>
/// </remarks>
internal sealed class ConsumerPoller(IRecordConsumer consumer, string name) : IDisposable
{
    private readonly SemaphoreSlim _requested = new(0);
    private Thread? _thread;
    private int _maxRecords;
    private TimeSpan _timeout;
    private TaskCompletionSource<PollResult>? _pending;
    private volatile bool _disposed;

    /// <summary>Polls that waited on the poller's thread.</summary>
    public int Waits { get; private set; }

    /// <summary>
    /// Up to <paramref name="maxRecords"/> records: at once when the client holds some (or a rebalance happened),
    /// otherwise waiting at most <paramref name="timeout"/> on the poller's thread.
    /// </summary>
    public ValueTask<PollResult> PollAsync(int maxRecords, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var ready = consumer.Poll(maxRecords, TimeSpan.Zero);
        if (ready.Records.Count > 0 || ready.Assigned.Count > 0 || ready.Revoked.Count > 0 || timeout <= TimeSpan.Zero)
        {
            return ValueTask.FromResult(ready);
        }

        Waits++;
        var pending = new TaskCompletionSource<PollResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _maxRecords = maxRecords;
        _timeout = timeout;
        Volatile.Write(ref _pending, pending);
        if (_thread is null)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = name };
            _thread.Start();
        }

        _requested.Release();
        return new ValueTask<PollResult>(pending.Task);
    }

    private void Run()
    {
        while (true)
        {
            _requested.Wait();
            if (_disposed)
            {
                return;
            }

            var pending = Volatile.Read(ref _pending)!;
            try
            {
                pending.SetResult(consumer.Poll(_maxRecords, _timeout));
            }
            catch (Exception e)
            {
                pending.SetException(e);
            }
        }
    }

    /// <summary>Stops the poller's thread (after a poll in progress, at most its timeout). Call before closing the consumer.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _requested.Release();
        _thread?.Join();
        _requested.Dispose();
    }
}
