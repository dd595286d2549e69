using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Processors;

/// <summary>
/// Consumes records, processes them with a key-value state store and timers, and emits results. The runtime
/// produces the emitted records, then commits the consumed offsets; state changes go to a compacted changelog topic
/// so another worker can restore them.
/// </summary>
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

    /// <summary>Processes a batch of consumed records, emitting results through <paramref name="output"/>.</summary>
    public abstract ValueTask ProcessAsync(IReadOnlyList<SinkRecord> records, IProcessorOutput output, CancellationToken cancellationToken);

    /// <summary>Called when a timer scheduled through <see cref="IProcessorTaskContext.Timers"/> is due.</summary>
    public virtual ValueTask OnTimerAsync(byte[] key, DateTimeOffset dueTime, IProcessorOutput output, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Stops the task.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);
}
