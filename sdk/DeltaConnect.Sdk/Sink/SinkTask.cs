using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Sink;

/// <summary>
/// Writes records consumed from Kafka to an external system. The runtime hands batches to <see cref="PutAsync"/>
/// and periodically asks which offsets are safe to commit (<see cref="PreCommitAsync"/>, by default after
/// <see cref="FlushAsync"/>); only those are committed, so a record is never acknowledged before the sink has
/// made it durable.
/// </summary>
public abstract class SinkTask
{
    private ISinkTaskContext? _context;

    /// <summary>The plugin version.</summary>
    public abstract string Version { get; }

    /// <summary>The runtime context (available from <see cref="StartAsync"/> on).</summary>
    protected ISinkTaskContext Context => _context ?? throw new InvalidOperationException("The task has not been initialized by the runtime.");

    /// <summary>Called by the runtime before <see cref="StartAsync"/>.</summary>
    public virtual void Initialize(ISinkTaskContext context) => _context = context;

    /// <summary>Starts the task with its config.</summary>
    public abstract Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken);

    /// <summary>
    /// Writes (or buffers) a batch. Throw <see cref="Errors.RetriableException"/> for temporary failures: the runtime
    /// retries the same batch. Records may be buffered until <see cref="FlushAsync"/>.
    /// </summary>
    public abstract ValueTask PutAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken);

    /// <summary>Makes every record passed to <see cref="PutAsync"/> so far durable. <paramref name="currentOffsets"/> holds, per
    /// partition, the next offset after the last record handed over.</summary>
    public virtual Task FlushAsync(IReadOnlyDictionary<TopicPartition, long> currentOffsets, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The offsets (next offset to read, per partition) the runtime may commit. By default flushes and returns
    /// <paramref name="currentOffsets"/>; sinks that write asynchronously return only what they have made durable.
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<TopicPartition, long>> PreCommitAsync(IReadOnlyDictionary<TopicPartition, long> currentOffsets, CancellationToken cancellationToken)
    {
        await FlushAsync(currentOffsets, cancellationToken).ConfigureAwait(false);
        return currentOffsets;
    }

    /// <summary>Called when partitions are assigned to the task (at start and after rebalances).</summary>
    public virtual Task OpenAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called when partitions are taken away; release per-partition state (writers, buffers) here.</summary>
    public virtual Task CloseAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the task.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);
}
