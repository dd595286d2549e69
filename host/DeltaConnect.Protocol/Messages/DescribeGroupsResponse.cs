using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DescribeGroups response (key 15), versions 0-5.</summary>
public sealed record DescribeGroupsResponse(IReadOnlyList<DescribeGroupsResponse.Group> Groups)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 1)
        {
            w.WriteInt32(0);
        }

        w.WriteStructArray(Groups, (w, g) =>
        {
            w.WriteInt16((short)g.ErrorCode);
            w.WriteString(g.GroupId);
            w.WriteString(g.GroupState);
            w.WriteString(g.ProtocolType);
            w.WriteString(g.ProtocolData);
            w.WriteStructArray(g.Members, (w, m) =>
            {
                w.WriteString(m.MemberId);
                if (version >= 4)
                {
                    w.WriteString(m.GroupInstanceId);
                }

                w.WriteString(m.ClientId);
                w.WriteString(m.ClientHost);
                w.WriteBytes(m.MemberMetadata);
                w.WriteBytes(m.MemberAssignment);
            });
            if (version >= 3)
            {
                w.WriteInt32(MetadataResponse.AuthorizedOperationsOmitted);
            }
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>One group's description.</summary>
    public sealed record Group(ErrorCode ErrorCode, string GroupId, string GroupState, string ProtocolType, string ProtocolData, IReadOnlyList<Member> Members);

    /// <summary>One member of a group.</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] MemberMetadata, byte[] MemberAssignment);
}
