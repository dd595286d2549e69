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
}
