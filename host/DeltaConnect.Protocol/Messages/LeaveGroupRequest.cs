using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>LeaveGroup request (key 13), versions 0-3; v3 leaves several members at once.</summary>
public sealed record LeaveGroupRequest(string GroupId, IReadOnlyList<LeaveGroupRequest.Member> Members)
{
    /// <summary>Reads the body.</summary>
    public static LeaveGroupRequest Read(ref ProtocolReader r, short version)
    {
        var groupId = r.ReadString("group_id");
        IReadOnlyList<Member> members = version >= 3
            ? r.ReadStructArray("members", static (ref ProtocolReader r) =>
                new Member(r.ReadString("member_id"), r.ReadNullableString("group_instance_id")))
            : [new Member(r.ReadString("member_id"), null)];
        r.SkipTaggedFields();
        return new LeaveGroupRequest(groupId, members);
    }

    /// <summary>A member leaving.</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId);
}
