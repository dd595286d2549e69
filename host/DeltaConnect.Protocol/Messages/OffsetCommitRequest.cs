using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>OffsetCommit request (key 8), versions 0-8.</summary>
public sealed record OffsetCommitRequest(
    string GroupId,
    int GenerationId,
    string MemberId,
    string? GroupInstanceId,
    long RetentionTimeMs,
    IReadOnlyList<OffsetCommitRequest.Topic> Topics)
{
    /// <summary>Reads the body.</summary>
    public static OffsetCommitRequest Read(ref ProtocolReader r, short version)
    {
        var groupId = r.ReadString("group_id");
        var generationId = version >= 1 ? r.ReadInt32("generation_id_or_member_epoch") : -1;
        var memberId = version >= 1 ? r.ReadString("member_id") : "";
        var groupInstanceId = version >= 7 ? r.ReadNullableString("group_instance_id") : null;
        var retentionTimeMs = version is >= 2 and <= 4 ? r.ReadInt64("retention_time_ms") : -1;
        var topics = r.ReadStructArray("topics", (ref ProtocolReader r) => new Topic(
            r.ReadString("name"),
            r.ReadStructArray("partitions", (ref ProtocolReader r) =>
            {
                var partition = r.ReadInt32("partition_index");
                var offset = r.ReadInt64("committed_offset");
                var leaderEpoch = version >= 6 ? r.ReadInt32("committed_leader_epoch") : -1;
                if (version == 1)
                {
                    r.ReadInt64("commit_timestamp");
                }

                return new Partition(partition, offset, leaderEpoch, r.ReadNullableString("committed_metadata"));
            })));
        r.SkipTaggedFields();
        return new OffsetCommitRequest(groupId, generationId, memberId, groupInstanceId, retentionTimeMs, topics);
    }

    /// <summary>Offsets for one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>Offset for one partition.</summary>
    public sealed record Partition(int PartitionIndex, long CommittedOffset, int CommittedLeaderEpoch, string? Metadata);
}
