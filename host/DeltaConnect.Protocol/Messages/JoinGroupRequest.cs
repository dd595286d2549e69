using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>JoinGroup request (key 11), versions 0-5.</summary>
public sealed record JoinGroupRequest(
    string GroupId,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string MemberId,
    string? GroupInstanceId,
    string ProtocolType,
    IReadOnlyList<JoinGroupRequest.Protocol> Protocols)
{
    /// <summary>Reads the body.</summary>
    public static JoinGroupRequest Read(ref ProtocolReader r, short version)
    {
        var groupId = r.ReadString("group_id");
        var sessionTimeoutMs = r.ReadInt32("session_timeout_ms");
        var rebalanceTimeoutMs = version >= 1 ? r.ReadInt32("rebalance_timeout_ms") : sessionTimeoutMs;
        var memberId = r.ReadString("member_id");
        var groupInstanceId = version >= 5 ? r.ReadNullableString("group_instance_id") : null;
        var protocolType = r.ReadString("protocol_type");
        var protocols = r.ReadStructArray("protocols", static (ref ProtocolReader r) =>
            new Protocol(r.ReadString("name"), r.ReadBytes("metadata").ToArray()));
        r.SkipTaggedFields();
        return new JoinGroupRequest(groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, groupInstanceId, protocolType, protocols);
    }

    /// <summary>One assignment protocol the member supports, with its opaque metadata.</summary>
    public sealed record Protocol(string Name, byte[] Metadata);
}
