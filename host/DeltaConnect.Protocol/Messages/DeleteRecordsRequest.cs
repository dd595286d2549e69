using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DeleteRecords request (key 21), versions 0-2. Offset -1 means the high watermark.</summary>
public sealed record DeleteRecordsRequest(IReadOnlyList<DeleteRecordsRequest.Topic> Topics, int TimeoutMs)
{
    /// <summary>Reads the body.</summary>
    public static DeleteRecordsRequest Read(ref ProtocolReader r, short version)
    {
        var topics = r.ReadStructArray("topics", static (ref ProtocolReader r) => new Topic(
            r.ReadString("name"),
            r.ReadStructArray("partitions", static (ref ProtocolReader r) =>
                new Partition(r.ReadInt32("partition_index"), r.ReadInt64("offset")))));
        var timeoutMs = r.ReadInt32("timeout_ms");
        r.SkipTaggedFields();
        return new DeleteRecordsRequest(topics, timeoutMs);
    }

    /// <summary>Partitions of one topic.</summary>
    public sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <summary>The offset before which records are deleted.</summary>
    public sealed record Partition(int PartitionIndex, long Offset);
}
