using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>SyncGroup request (key 14), versions 0-3. Only the leader sends assignments.</summary>
public sealed record SyncGroupRequest(string GroupId, int GenerationId, string MemberId, string? GroupInstanceId, IReadOnlyList<SyncGroupRequest.Assignment> Assignments)
{
    /// <summary>Reads the body.</summary>
    public static SyncGroupRequest Read(ref ProtocolReader r, short version)
    {
        var groupId = r.ReadString("group_id");
        var generationId = r.ReadInt32("generation_id");
        var memberId = r.ReadString("member_id");
        var groupInstanceId = version >= 3 ? r.ReadNullableString("group_instance_id") : null;
        var assignments = r.ReadStructArray("assignments", static (ref ProtocolReader r) =>
            new Assignment(r.ReadString("member_id"), r.ReadBytes("assignment").ToArray()));
        r.SkipTaggedFields();
        return new SyncGroupRequest(groupId, generationId, memberId, groupInstanceId, assignments);
    }

    /// <summary>The leader's assignment for one member.</summary>
    public sealed record Assignment(string MemberId, byte[] Data);
}
