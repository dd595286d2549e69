using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Sdk.Connectors;

/// <summary>
/// A connector whose tasks consume records from Kafka topics (<c>topics</c> or <c>topics.regex</c>) and write them to
/// an external system.
/// </summary>
public abstract class SinkConnector : Connector
{
    /// <summary>The config key listing the topics to consume.</summary>
    public const string TopicsConfig = "topics";

    /// <summary>The config key with a regular expression of topics to consume.</summary>
    public const string TopicsRegexConfig = "topics.regex";

    /// <summary>A new task instance.</summary>
    public abstract SinkTask CreateTask();
}
