using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Sdk.Connectors;

/// <summary>
/// A connector instance: it receives the user's config, decides how the work splits into tasks
/// (<see cref="TaskConfigs"/>), and may watch the external system for changes that need new task configs. It moves
/// no data itself; its tasks do. Derive from <see cref="SourceConnector"/>, <see cref="SinkConnector"/> or
/// <see cref="ProcessorConnector"/>. Plugins need a public parameterless constructor.
/// </summary>
public abstract class Connector
{
    private IConnectorContext? _context;

    /// <summary>The plugin version (shown by the REST API).</summary>
    public abstract string Version { get; }

    /// <summary>The configs this connector accepts.</summary>
    public abstract ConfigDef Config { get; }

    /// <summary>The runtime context (available from <see cref="StartAsync"/> on).</summary>
    protected IConnectorContext Context => _context ?? throw new InvalidOperationException("The connector has not been initialized by the runtime.");

    /// <summary>Called by the runtime before <see cref="StartAsync"/>.</summary>
    public virtual void Initialize(IConnectorContext context) => _context = context;

    /// <summary>Starts the connector with the user's config (already validated against <see cref="Config"/>).</summary>
    public abstract Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken);

    /// <summary>The configs of at most <paramref name="maxTasks"/> tasks (<c>tasks.max</c>).</summary>
    public abstract IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks);

    /// <summary>Stops the connector; release resources here.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Validates a config before the connector is created: by default, every key against <see cref="Config"/>.
    /// Override to add checks that need the external system (credentials, permissions), adding errors to the
    /// returned values rather than throwing.
    /// </summary>
    public virtual Task<IReadOnlyList<ConfigValue>> ValidateAsync(IReadOnlyDictionary<string, string?> config, CancellationToken cancellationToken) =>
        Task.FromResult(Config.Validate(config));
}
