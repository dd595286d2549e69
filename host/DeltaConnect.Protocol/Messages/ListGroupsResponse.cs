using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>ListGroups response (key 16), versions 0-4.</summary>
public sealed record ListGroupsResponse(ErrorCode ErrorCode, IReadOnlyList<ListGroupsResponse.Group> Groups)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 1)
        {
            w.WriteInt32(0);
        }

        w.WriteInt16((short)ErrorCode);
        w.WriteStructArray(Groups, (w, g) =>
        {
            w.WriteString(g.GroupId);
            w.WriteString(g.ProtocolType);
            if (version >= 4)
            {
                w.WriteString(g.GroupState);
            }
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>One listed group.</summary>
    public sealed record Group(string GroupId, string ProtocolType, string GroupState);
}
