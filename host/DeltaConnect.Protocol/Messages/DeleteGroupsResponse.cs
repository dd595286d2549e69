using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DeleteGroups response (key 42), versions 0-2.</summary>
public sealed record DeleteGroupsResponse(IReadOnlyList<DeleteGroupsResponse.Result> Results)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt32(0);
        w.WriteStructArray(Results, static (w, r) =>
        {
            w.WriteString(r.GroupId);
            w.WriteInt16((short)r.ErrorCode);
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>Result for one group.</summary>
    public sealed record Result(string GroupId, ErrorCode ErrorCode);
}
