using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Source;

/// <summary>
/// Reads an external system and returns batches of <see cref="SourceRecord"/>s. The runtime calls
/// <see cref="PollAsync"/> in a loop, transforms and converts the records, produces them to Kafka, and stores each
/// record's source offset once Kafka has acknowledged it — so after a crash a task resumes from the last offset
/// that is safely in Kafka (at-least-once).
/// </summary>
public abstract class SourceTask
{
    private ISourceTaskContext? _context;

    /// <summary>The plugin version.</summary>
    public abstract string Version { get; }

    /// <summary>The runtime context (available from <see cref="StartAsync"/> on).</summary>
    protected ISourceTaskContext Context => _context ?? throw new InvalidOperationException("The task has not been initialized by the runtime.");

    /// <summary>Called by the runtime before <see cref="StartAsync"/>.</summary>
    public virtual void Initialize(ISourceTaskContext context) => _context = context;

    /// <summary>Starts the task with its config; read stored offsets here to resume.</summary>
    public abstract Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken);

    /// <summary>
    /// The next batch of records, or an empty list when there is nothing new. Wait for data (honouring
    /// <paramref name="cancellationToken"/>) rather than returning empty lists in a tight loop.
    /// </summary>
    public abstract ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called after Kafka acknowledged <paramref name="record"/> (<paramref name="metadata"/> says where it went) or
    /// after it was dropped by a transform or the error policy (<paramref name="metadata"/> is null). Keep it cheap:
    /// it runs once per record.
    /// </summary>
    public virtual void CommitRecord(SourceRecord record, RecordMetadata? metadata)
    {
    }

    /// <summary>Called after offsets up to the records acknowledged so far were stored.</summary>
    public virtual Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the task; a pending <see cref="PollAsync"/> is cancelled first.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);
}
