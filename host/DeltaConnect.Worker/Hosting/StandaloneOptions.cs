namespace DeltaConnect.Worker.Hosting;

/// <summary>What <c>deltaconnect standalone</c> was asked to run.</summary>
internal sealed record StandaloneOptions(
    IReadOnlyDictionary<string, string> WorkerSettings,
    string DataDirectory,
    string BrokerListen,
    IReadOnlyList<string> ConnectorFiles)
{
    /// <summary>Assemblies scanned for plugins besides the plugin path (tests register their own plugins this way).</summary>
    public IReadOnlyList<System.Reflection.Assembly> ExtraBuiltinAssemblies { get; init; } = [];

    /// <summary>
    /// The runtime log levels (REST /admin/loggers). The host wraps its logger factory with them; without one it uses
    /// root INFO, so levels can be raised above the factory's own minimum but not lowered below it.
    /// </summary>
    public Runtime.Logging.LogLevelController? LogLevels { get; init; }
}
