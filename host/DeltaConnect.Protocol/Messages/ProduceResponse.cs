using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>Produce response (key 0), versions 3-9.</summary>
public sealed record ProduceResponse(IReadOnlyList<ProduceResponse.TopicResponse> Topics)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteStructArray(Topics, (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteStructArray(t.Partitions, (w, p) =>
            {
                w.WriteInt32(p.Index);
                w.WriteInt16((short)p.ErrorCode);
                w.WriteInt64(p.BaseOffset);
                w.WriteInt64(p.LogAppendTimeMs);
                if (version >= 5)
                {
                    w.WriteInt64(p.LogStartOffset);
                }

                if (version >= 8)
                {
                    w.WriteStructArray(p.RecordErrors, static (w, e) =>
                    {
                        w.WriteInt32(e.BatchIndex);
                        w.WriteString(e.Message);
                    });
                    w.WriteString(p.ErrorMessage);
                }
            });
        });
        w.WriteInt32(0);
        w.WriteEmptyTaggedFields();
    }

    /// <summary>Results for one topic.</summary>
    public sealed record TopicResponse(string Name, IReadOnlyList<PartitionResponse> Partitions);

    /// <summary>Result for one partition.</summary>
    public sealed record PartitionResponse(int Index, ErrorCode ErrorCode, long BaseOffset, long LogAppendTimeMs, long LogStartOffset, string? ErrorMessage)
    {
        /// <summary>Per-batch errors (v8+).</summary>
        public IReadOnlyList<BatchError> RecordErrors { get; init; } = [];
    }

    /// <summary>An error about one batch (by index in the request).</summary>
    public sealed record BatchError(int BatchIndex, string? Message);
}
