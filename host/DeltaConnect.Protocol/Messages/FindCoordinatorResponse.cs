using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>FindCoordinator response (key 10), versions 0-2.</summary>
public sealed record FindCoordinatorResponse(ErrorCode ErrorCode, string? ErrorMessage, BrokerEndpoint Coordinator)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 1)
        {
            w.WriteInt32(0);
        }

        w.WriteInt16((short)ErrorCode);
        if (version >= 1)
        {
            w.WriteString(ErrorMessage);
        }

        w.WriteInt32(Coordinator.NodeId);
        w.WriteString(Coordinator.Host);
        w.WriteInt32(Coordinator.Port);
        w.WriteEmptyTaggedFields();
    }
}
