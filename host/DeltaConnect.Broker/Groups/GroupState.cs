namespace DeltaConnect.Broker.Groups;

/// <summary>States of a classic-protocol group, named as DescribeGroups and ListGroups report them.</summary>
internal enum GroupState
{
    /// <summary>No members (offsets may still be stored).</summary>
    Empty,

    /// <summary>Waiting for members to (re)join.</summary>
    PreparingRebalance,

    /// <summary>Joined; waiting for the leader's assignment in SyncGroup.</summary>
    CompletingRebalance,

    /// <summary>Assignment distributed; members heartbeat.</summary>
    Stable,

    /// <summary>Removed.</summary>
    Dead,
}
