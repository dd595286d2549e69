using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>Heartbeat request (key 12), versions 0-3.</summary>
public sealed record HeartbeatRequest(string GroupId, int GenerationId, string MemberId, string? GroupInstanceId)
{
    /// <summary>Reads the body.</summary>
    public static HeartbeatRequest Read(ref ProtocolReader r, short version)
    {
        var request = new HeartbeatRequest(
            r.ReadString("group_id"),
            r.ReadInt32("generation_id"),
            r.ReadString("member_id"),
            version >= 3 ? r.ReadNullableString("group_instance_id") : null);
        r.SkipTaggedFields();
        return request;
    }
}
