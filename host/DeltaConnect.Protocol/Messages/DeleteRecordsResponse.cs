using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DeleteRecords response (key 21), versions 0-2.</summary>
public sealed record DeleteRecordsResponse(IReadOnlyList<DeleteRecordsResponse.Topic> Topics)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt32(0);
        w.WriteStructArray(Topics, static (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteStructArray(t.Partitions, static (w, p) =>
            {
                w.WriteInt32(p.PartitionIndex);
                w.WriteInt64(p.LowWatermark);
                w.WriteInt16((short)p.ErrorCode);
            });
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>Results for one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>The new log start offset of one partition.</summary>
    public sealed record Partition(int PartitionIndex, long LowWatermark, ErrorCode ErrorCode);
}
