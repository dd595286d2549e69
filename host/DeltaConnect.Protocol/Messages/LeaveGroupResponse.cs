using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>LeaveGroup response (key 13), versions 0-3.</summary>
public sealed record LeaveGroupResponse(ErrorCode ErrorCode, IReadOnlyList<LeaveGroupResponse.Member> Members)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 1)
        {
            w.WriteInt32(0);
        }

        w.WriteInt16((short)ErrorCode);
        if (version >= 3)
        {
            w.WriteStructArray(Members, static (w, m) =>
            {
                w.WriteString(m.MemberId);
                w.WriteString(m.GroupInstanceId);
                w.WriteInt16((short)m.ErrorCode);
            });
        }

        w.WriteEmptyTaggedFields();
    }

    /// <summary>Result for one leaving member.</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId, ErrorCode ErrorCode);
}
