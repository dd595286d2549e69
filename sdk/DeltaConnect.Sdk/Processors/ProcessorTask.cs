using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Processors;

/// <summary>
/// Consumes records, processes them with a key-value state store and timers, and emits results. The runtime
/// produces the emitted records, then logs the state changes to a compacted changelog topic, then commits the
/// consumed offsets, so another worker can restore the state and nothing emitted is lost (at least once).
/// </summary>
/// <remarks>
/// State is partitioned like the input: records from input partition <c>p</c> (of any subscribed topic) see the
/// state of partition <c>p</c>, which moves with that partition when the group rebalances. Records that must meet in
/// one state (a join, a de-duplication across topics) must therefore be partitioned alike — the same key on the same
/// partition number in every input topic, as Kafka Streams requires of co-partitioned topics.
/// </remarks>
public abstract class ProcessorTask
{
    private IProcessorTaskContext? _context;

    /// <summary>The plugin version.</summary>
    public abstract string Version { get; }

    /// <summary>The runtime context (available from <see cref="StartAsync"/> on).</summary>
    protected IProcessorTaskContext Context => _context ?? throw new InvalidOperationException("The task has not been initialized by the runtime.");

    /// <summary>Called by the runtime before <see cref="StartAsync"/>.</summary>
    public virtual void Initialize(IProcessorTaskContext context) => _context = context;

    /// <summary>Starts the task with its config.</summary>
    public abstract Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken);

    /// <summary>
    /// Processes a batch of consumed records, all from the same input partition number, emitting results through
    /// <paramref name="output"/>. State changes and emitted records of a call take effect only when it returns: if it
    /// throws a <see cref="Errors.RetriableException"/> they are discarded and the same batch is offered again; any
    /// other exception fails the task, which then resumes from the last committed offsets.
    /// </summary>
    public abstract ValueTask ProcessAsync(IReadOnlyList<SinkRecord> records, IProcessorOutput output, CancellationToken cancellationToken);

    /// <summary>
    /// Called when a timer scheduled through <see cref="IProcessorTaskContext.Timers"/> is due, with the state of the
    /// partition that scheduled it. The timer is removed before the call; it fires again only if the call fails or the
    /// task stops before its effects were committed.
    /// </summary>
    public virtual ValueTask OnTimerAsync(byte[] key, DateTimeOffset dueTime, IProcessorOutput output, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Stops the task.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);
}
