namespace DeltaConnect.Broker.Topics;

/// <summary>
/// One topic-level config: its Kafka name, type, default, the broker-level setting that supplies the default,
/// how values are checked, and whether it changes anything on a single-node broker.
/// </summary>
internal sealed record TopicConfigDefinition(
    string Name,
    TopicConfigType Type,
    string Default,
    string? BrokerSynonym,
    Func<string, string?> Validate,
    string Documentation,
    bool Effective = true);
