using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>Fetch response (key 1), versions 4-12.</summary>
public sealed record FetchResponse(ErrorCode ErrorCode, int SessionId, IReadOnlyList<FetchResponse.TopicData> Topics)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt32(0);
        if (version >= 7)
        {
            w.WriteInt16((short)ErrorCode);
            w.WriteInt32(SessionId);
        }

        w.WriteStructArray(Topics, (w, t) =>
        {
            w.WriteString(t.Topic);
            w.WriteStructArray(t.Partitions, (w, p) =>
            {
                w.WriteInt32(p.PartitionIndex);
                w.WriteInt16((short)p.ErrorCode);
                w.WriteInt64(p.HighWatermark);
                w.WriteInt64(p.LastStableOffset);
                if (version >= 5)
                {
                    w.WriteInt64(p.LogStartOffset);
                }

                w.WriteArrayLength(-1); // aborted_transactions: none, transactions are not supported
                if (version >= 11)
                {
                    w.WriteInt32(-1); // preferred_read_replica
                }

                WriteRecords(w, p.Records);
            });
        });
        w.WriteEmptyTaggedFields();
    }

    private static void WriteRecords(ProtocolWriter w, IRecordsSource? records)
    {
        if (records is null)
        {
            w.WriteBytes([], isNull: false);
            return;
        }

        var length = records.Length;
        if (w.Flexible)
        {
            w.WriteUnsignedVarInt((uint)length + 1);
        }
        else
        {
            w.WriteInt32(length);
        }

        records.CopyTo(w.Buffer.GetSpan(length)[..length]);
        w.Buffer.Advance(length);
    }

    /// <summary>Data for one topic.</summary>
    public sealed record TopicData(string Topic, IReadOnlyList<PartitionData> Partitions);

    /// <summary>Data for one partition.</summary>
    public sealed record PartitionData(int PartitionIndex, ErrorCode ErrorCode, long HighWatermark, long LastStableOffset, long LogStartOffset, IRecordsSource? Records);
}
