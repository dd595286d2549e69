using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>OffsetCommit response (key 8), versions 0-8.</summary>
public sealed record OffsetCommitResponse(IReadOnlyList<OffsetCommitResponse.Topic> Topics)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 3)
        {
            w.WriteInt32(0);
        }

        w.WriteStructArray(Topics, static (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteStructArray(t.Partitions, static (w, p) =>
            {
                w.WriteInt32(p.PartitionIndex);
                w.WriteInt16((short)p.ErrorCode);
            });
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>Results for one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>Result for one partition.</summary>
    public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode);
}
