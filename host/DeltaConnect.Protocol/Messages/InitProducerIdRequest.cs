using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>InitProducerId request (key 22), versions 0-4.</summary>
public sealed record InitProducerIdRequest(string? TransactionalId, int TransactionTimeoutMs, long ProducerId, short ProducerEpoch)
{
    /// <summary>Reads the body.</summary>
    public static InitProducerIdRequest Read(ref ProtocolReader r, short version)
    {
        var request = new InitProducerIdRequest(
            r.ReadNullableString("transactional_id"),
            r.ReadInt32("transaction_timeout_ms"),
            version >= 3 ? r.ReadInt64("producer_id") : -1,
            version >= 3 ? r.ReadInt16("producer_epoch") : (short)-1);
        r.SkipTaggedFields();
        return request;
    }
}
