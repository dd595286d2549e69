using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>ListGroups request (key 16), versions 0-4; v4 filters by state.</summary>
public sealed record ListGroupsRequest(IReadOnlyList<string> StatesFilter)
{
    /// <summary>Reads the body.</summary>
    public static ListGroupsRequest Read(ref ProtocolReader r, short version)
    {
        var states = version >= 4 ? r.ReadStringArray("states_filter") ?? [] : [];
        r.SkipTaggedFields();
        return new ListGroupsRequest(states);
    }
}
