using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>OffsetFetch response (key 9), versions 1-7. A partition with no commit has offset -1.</summary>
public sealed record OffsetFetchResponse(ErrorCode ErrorCode, IReadOnlyList<OffsetFetchResponse.Topic> Topics)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 3)
        {
            w.WriteInt32(0);
        }

        w.WriteStructArray(Topics, (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteStructArray(t.Partitions, (w, p) =>
            {
                w.WriteInt32(p.PartitionIndex);
                w.WriteInt64(p.CommittedOffset);
                if (version >= 5)
                {
                    w.WriteInt32(p.CommittedLeaderEpoch);
                }

                w.WriteString(p.Metadata);
                w.WriteInt16((short)p.ErrorCode);
            });
        });
        if (version >= 2)
        {
            w.WriteInt16((short)ErrorCode);
        }

        w.WriteEmptyTaggedFields();
    }

    /// <summary>Committed offsets of one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>Committed offset of one partition.</summary>
    public sealed record Partition(int PartitionIndex, long CommittedOffset, int CommittedLeaderEpoch, string? Metadata, ErrorCode ErrorCode);
}
