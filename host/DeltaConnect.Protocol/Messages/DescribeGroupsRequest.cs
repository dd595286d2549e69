using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DescribeGroups request (key 15), versions 0-5.</summary>
public sealed record DescribeGroupsRequest(IReadOnlyList<string> Groups, bool IncludeAuthorizedOperations)
{
    /// <summary>Reads the body.</summary>
    public static DescribeGroupsRequest Read(ref ProtocolReader r, short version)
    {
        var groups = r.ReadStringArray("groups") ?? [];
        var include = version >= 3 && r.ReadBoolean("include_authorized_operations");
        r.SkipTaggedFields();
        return new DescribeGroupsRequest(groups, include);
    }
}
