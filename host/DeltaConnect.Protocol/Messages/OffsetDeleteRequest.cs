using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>OffsetDelete request (key 47), version 0 (never flexible): remove committed offsets of a group's partitions.</summary>
public sealed record OffsetDeleteRequest(string GroupId, IReadOnlyList<OffsetDeleteRequest.Topic> Topics)
{
    /// <summary>Reads the body.</summary>
    public static OffsetDeleteRequest Read(ref ProtocolReader r, short version)
    {
        var groupId = r.ReadString("group_id");
        var topics = r.ReadStructArray("topics", static (ref ProtocolReader r) =>
            new Topic(r.ReadString("name"), r.ReadStructArray("partitions", static (ref ProtocolReader r) => r.ReadInt32("partition_index"))));
        return new OffsetDeleteRequest(groupId, topics);
    }

    /// <summary>Partitions of one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<int> Partitions);
}
