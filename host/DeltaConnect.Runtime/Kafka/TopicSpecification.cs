namespace DeltaConnect.Runtime.Kafka;

/// <summary>A topic to create: partitions and replication factor (-1: broker defaults) and configs.</summary>
internal sealed record TopicSpecification(string Name, int Partitions, short ReplicationFactor, IReadOnlyDictionary<string, string> Configs);
