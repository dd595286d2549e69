using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>JoinGroup response (key 11), versions 0-5. The leader receives every member's metadata.</summary>
public sealed record JoinGroupResponse(
    ErrorCode ErrorCode,
    int GenerationId,
    string? ProtocolName,
    string Leader,
    string MemberId,
    IReadOnlyList<JoinGroupResponse.Member> Members)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 2)
        {
            w.WriteInt32(0);
        }

        w.WriteInt16((short)ErrorCode);
        w.WriteInt32(GenerationId);
        w.WriteString(ProtocolName ?? "");
        w.WriteString(Leader);
        w.WriteString(MemberId);
        w.WriteStructArray(Members, (w, m) =>
        {
            w.WriteString(m.MemberId);
            if (version >= 5)
            {
                w.WriteString(m.GroupInstanceId);
            }

            w.WriteBytes(m.Metadata);
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>A member as the leader sees it.</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId, byte[] Metadata);
}
