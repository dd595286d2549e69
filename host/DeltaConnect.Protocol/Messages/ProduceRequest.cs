using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>Produce request (key 0), versions 3-9. Record data is sliced from the request buffer, not copied.</summary>
public sealed record ProduceRequest(string? TransactionalId, short Acks, int TimeoutMs, IReadOnlyList<ProduceRequest.TopicData> Topics)
{
    /// <summary>Reads the body.</summary>
    public static ProduceRequest Read(ref ProtocolReader r, short version)
    {
        var transactionalId = r.ReadNullableString("transactional_id");
        var acks = r.ReadInt16("acks");
        var timeoutMs = r.ReadInt32("timeout_ms");
        var topics = r.ReadStructArray("topic_data", static (ref ProtocolReader r) => new TopicData(
            r.ReadString("name"),
            r.ReadStructArray("partition_data", static (ref ProtocolReader r) => new PartitionData(
                r.ReadInt32("index"),
                r.ReadNullableBytes("records")))));
        r.SkipTaggedFields();
        return new ProduceRequest(transactionalId, acks, timeoutMs, topics);
    }

    /// <summary>Records for the partitions of one topic.</summary>
    public sealed record TopicData(string Name, IReadOnlyList<PartitionData> Partitions);

    /// <summary>Record batches for one partition.</summary>
    public sealed record PartitionData(int Index, ReadOnlyMemory<byte>? Records);
}
