using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>
/// A response that is a throttle time (from <see cref="ThrottleTimeSinceVersion"/>) followed by an error code:
/// Heartbeat (key 12), versions 0-3.
/// </summary>
public sealed record ErrorOnlyResponse(ErrorCode ErrorCode, short ThrottleTimeSinceVersion = 1)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= ThrottleTimeSinceVersion)
        {
            w.WriteInt32(0);
        }

        w.WriteInt16((short)ErrorCode);
        w.WriteEmptyTaggedFields();
    }
}
