using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Sdk.Connectors;

/// <summary>A connector whose tasks read an external system and produce records to Kafka.</summary>
public abstract class SourceConnector : Connector
{
    /// <summary>A new task instance (the runtime initializes and starts it with one of <see cref="Connector.TaskConfigs"/>).</summary>
    public abstract SourceTask CreateTask();
}
