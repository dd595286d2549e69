using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>SyncGroup response (key 14), versions 0-3.</summary>
public sealed record SyncGroupResponse(ErrorCode ErrorCode, byte[] Assignment)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 1)
        {
            w.WriteInt32(0);
        }

        w.WriteInt16((short)ErrorCode);
        w.WriteBytes(Assignment);
        w.WriteEmptyTaggedFields();
    }
}
