using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>CreateTopics request (key 19), versions 0-4.</summary>
public sealed record CreateTopicsRequest(IReadOnlyList<CreateTopicsRequest.Topic> Topics, int TimeoutMs, bool ValidateOnly)
{
    /// <summary>Reads the body.</summary>
    public static CreateTopicsRequest Read(ref ProtocolReader r, short version)
    {
        var topics = r.ReadStructArray("topics", static (ref ProtocolReader r) => new Topic(
            r.ReadString("name"),
            r.ReadInt32("num_partitions"),
            r.ReadInt16("replication_factor"),
            r.ReadStructArray("assignments", static (ref ProtocolReader r) =>
                new Assignment(r.ReadInt32("partition_index"), r.ReadInt32Array("broker_ids") ?? [])),
            r.ReadStructArray("configs", static (ref ProtocolReader r) =>
                new Config(r.ReadString("name"), r.ReadNullableString("value")))));
        var timeoutMs = r.ReadInt32("timeout_ms");
        var validateOnly = version >= 1 && r.ReadBoolean("validate_only");
        r.SkipTaggedFields();
        return new CreateTopicsRequest(topics, timeoutMs, validateOnly);
    }

    /// <summary>A topic to create. -1 partitions or replication factor means the broker default.</summary>
    public sealed record Topic(string Name, int NumPartitions, short ReplicationFactor, IReadOnlyList<Assignment> Assignments, IReadOnlyList<Config> Configs);

    /// <summary>A manual replica assignment for one partition.</summary>
    public sealed record Assignment(int PartitionIndex, IReadOnlyList<int> BrokerIds);

    /// <summary>A topic config to set.</summary>
    public sealed record Config(string Name, string? Value);
}
