using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>ListOffsets request (key 2), versions 1-7.</summary>
public sealed record ListOffsetsRequest(int ReplicaId, sbyte IsolationLevel, IReadOnlyList<ListOffsetsRequest.Topic> Topics)
{
    /// <summary>Timestamp asking for the log end offset.</summary>
    public const long Latest = -1;

    /// <summary>Timestamp asking for the log start offset.</summary>
    public const long Earliest = -2;

    /// <summary>Timestamp asking for the offset of the record with the largest timestamp (v7+).</summary>
    public const long MaxTimestamp = -3;

    /// <summary>Reads the body.</summary>
    public static ListOffsetsRequest Read(ref ProtocolReader r, short version)
    {
        var replicaId = r.ReadInt32("replica_id");
        var isolationLevel = version >= 2 ? r.ReadInt8("isolation_level") : (sbyte)0;
        var topics = r.ReadStructArray("topics", (ref ProtocolReader r) => new Topic(
            r.ReadString("name"),
            r.ReadStructArray("partitions", (ref ProtocolReader r) => new Partition(
                r.ReadInt32("partition_index"),
                version >= 4 ? r.ReadInt32("current_leader_epoch") : -1,
                r.ReadInt64("timestamp")))));
        r.SkipTaggedFields();
        return new ListOffsetsRequest(replicaId, isolationLevel, topics);
    }

    /// <summary>Partitions of one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>One partition and the timestamp to look up.</summary>
    public sealed record Partition(int PartitionIndex, int CurrentLeaderEpoch, long Timestamp);
}
