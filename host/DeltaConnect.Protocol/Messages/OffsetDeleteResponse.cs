using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>OffsetDelete response (key 47), version 0.</summary>
public sealed record OffsetDeleteResponse(ErrorCode ErrorCode, IReadOnlyList<OffsetDeleteResponse.Topic> Topics)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt16((short)ErrorCode);
        w.WriteInt32(0);
        w.WriteStructArray(Topics, static (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteStructArray(t.Partitions, static (w, p) =>
            {
                w.WriteInt32(p.PartitionIndex);
                w.WriteInt16((short)p.ErrorCode);
            });
        });
    }

    /// <summary>Results for one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>Result for one partition.</summary>
    public sealed record Partition(int PartitionIndex, ErrorCode ErrorCode);
}
