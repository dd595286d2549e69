namespace DeltaConnect.Runtime.Kafka;

/// <summary>An existing topic: its partition count and effective configs.</summary>
internal sealed record TopicDescription(string Name, int Partitions, IReadOnlyDictionary<string, string> Configs)
{
    /// <summary>True when cleanup.policy contains compact.</summary>
    public bool IsCompacted => Configs.TryGetValue("cleanup.policy", out var policy) &&
        policy.Split(',', StringSplitOptions.TrimEntries).Contains("compact");
}
