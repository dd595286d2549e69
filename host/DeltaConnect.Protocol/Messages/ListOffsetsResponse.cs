using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>ListOffsets response (key 2), versions 1-7.</summary>
public sealed record ListOffsetsResponse(IReadOnlyList<ListOffsetsResponse.Topic> Topics)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 2)
        {
            w.WriteInt32(0);
        }

        w.WriteStructArray(Topics, (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteStructArray(t.Partitions, (w, p) =>
            {
                w.WriteInt32(p.PartitionIndex);
                w.WriteInt16((short)p.ErrorCode);
                w.WriteInt64(p.Timestamp);
                w.WriteInt64(p.Offset);
                if (version >= 4)
                {
                    w.WriteInt32(p.LeaderEpoch);
                }
            });
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>Results for one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>Result for one partition.</summary>
    public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode, long Timestamp, long Offset, int LeaderEpoch);
}
