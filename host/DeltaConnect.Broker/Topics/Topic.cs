using DeltaConnect.Broker.Storage;

namespace DeltaConnect.Broker.Topics;

/// <summary>A topic: its id, its partition logs and its config overrides.</summary>
internal sealed class Topic(string name, Guid id, bool isInternal, IReadOnlyDictionary<string, string> overrides, LogConfig config)
{
    public string Name { get; } = name;

    public Guid Id { get; } = id;

    public bool IsInternal { get; } = isInternal;

    /// <summary>Configs set on the topic (everything else comes from broker defaults).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; set; } = overrides;

    public LogConfig Config { get; set; } = config;

    public IReadOnlyList<PartitionLog> Partitions { get; set; } = [];
}
