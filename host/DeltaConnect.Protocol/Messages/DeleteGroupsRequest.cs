using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DeleteGroups request (key 42), versions 0-2.</summary>
public sealed record DeleteGroupsRequest(IReadOnlyList<string> GroupIds)
{
    /// <summary>Reads the body.</summary>
    public static DeleteGroupsRequest Read(ref ProtocolReader r, short version)
    {
        var groups = r.ReadStringArray("groups_names") ?? [];
        r.SkipTaggedFields();
        return new DeleteGroupsRequest(groups);
    }
}
