using Microsoft.Extensions.Logging;

namespace DeltaConnect.Worker.Hosting;

/// <summary>The standalone host's log messages.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded broker listening on {BootstrapServers} (Kafka clients such as kcat can read the topics there)")]
    public static partial void EmbeddedBroker(ILogger logger, string bootstrapServers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin skipped: {Location}: {Reason}")]
    public static partial void PluginSkipped(ILogger logger, string location, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} {Action} from {File}")]
    public static partial void ConnectorFromFile(ILogger logger, string connector, string file, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collector: {Collector}, young-generation budget {Budget} (DOTNET_GCgen0size; see docs/worker.md, Tuning)")]
    public static partial void GarbageCollector(ILogger logger, string collector, string budget);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} started against {BootstrapServers} with {Plugins} plugin type(s)")]
    public static partial void Started(ILogger logger, string workerId, string bootstrapServers, int plugins);
}
