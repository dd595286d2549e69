namespace DeltaConnect.Broker.Topics;

/// <summary>What <c>topic.json</c> holds for a topic.</summary>
internal sealed record TopicMetadataFile(Guid Id, int Partitions, bool Internal, Dictionary<string, string> Configs);
