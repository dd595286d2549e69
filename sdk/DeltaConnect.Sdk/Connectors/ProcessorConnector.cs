using DeltaConnect.Sdk.Processors;

namespace DeltaConnect.Sdk.Connectors;

/// <summary>
/// A connector whose tasks consume records from Kafka topics, process them with a key-value state store and timers,
/// and produce the results to Kafka topics (enrichment, de-duplication, joins, re-keying).
/// </summary>
public abstract class ProcessorConnector : Connector
{
    /// <summary>A new task instance.</summary>
    public abstract ProcessorTask CreateTask();
}
