using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>OffsetFetch request (key 9), versions 1-7. <see cref="Topics"/> null (v2+) means every committed partition.</summary>
public sealed record OffsetFetchRequest(string GroupId, IReadOnlyList<OffsetFetchRequest.Topic>? Topics, bool RequireStable)
{
    /// <summary>Reads the body.</summary>
    public static OffsetFetchRequest Read(ref ProtocolReader r, short version)
    {
        var groupId = r.ReadString("group_id");
        var topics = r.ReadNullableStructArray("topics", static (ref ProtocolReader r) =>
            new Topic(r.ReadString("name"), r.ReadInt32Array("partition_indexes") ?? []));
        var requireStable = version >= 7 && r.ReadBoolean("require_stable");
        r.SkipTaggedFields();
        return new OffsetFetchRequest(groupId, topics, requireStable);
    }

    /// <summary>Partitions of one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<int> PartitionIndexes);
}
