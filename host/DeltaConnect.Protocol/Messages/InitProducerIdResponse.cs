using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>InitProducerId response (key 22), versions 0-4.</summary>
public sealed record InitProducerIdResponse(ErrorCode ErrorCode, long ProducerId, short ProducerEpoch)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt32(0);
        w.WriteInt16((short)ErrorCode);
        w.WriteInt64(ProducerId);
        w.WriteInt16(ProducerEpoch);
        w.WriteEmptyTaggedFields();
    }
}
