using DeltaConnect.Broker.Storage;
using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Groups;

/// <summary>
/// One classic-protocol group: its members, generation, chosen protocol, leader, and committed offsets.
/// The protocol type is opaque ("consumer", "connect", or anything), so worker groups use the same machinery.
/// All access happens under <see cref="Lock"/>; responses that must wait for other members (JoinGroup until
/// everyone has rejoined, SyncGroup until the leader has sent the assignment) are tasks completed later.
/// </summary>
internal sealed class ConsumerGroup(string groupId)
{
    public Lock Lock { get; } = new();

    public string GroupId { get; } = groupId;

    public GroupState State { get; private set; } = GroupState.Empty;

    public string? ProtocolType { get; private set; }

    public string? Protocol { get; private set; }

    public int Generation { get; set; }

    public string? LeaderId { get; private set; }

    public Dictionary<string, GroupMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Member ids handed out with MEMBER_ID_REQUIRED that have not joined yet.</summary>
    public HashSet<string> PendingMemberIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<TopicPartition, CommittedOffset> Offsets { get; } = [];

    public long StateChangedMs { get; private set; }

    private long RebalanceDeadlineMs { get; set; }

    private long JoinNotBeforeMs { get; set; }

    /// <summary>True when the member's protocol type and protocols fit the group.</summary>
    public bool Accepts(string protocolType, IReadOnlyList<JoinGroupRequest.Protocol> protocols)
    {
        if (protocols.Count == 0 || string.IsNullOrEmpty(protocolType))
        {
            return false;
        }

        if (Members.Count == 0)
        {
            return true;
        }

        return protocolType == ProtocolType && CommonProtocols().Intersect(protocols.Select(p => p.Name)).Any();
    }

    /// <summary>Adds a member and starts (or joins) a rebalance; the task completes with its JoinGroup response.</summary>
    public Task<JoinGroupResponse> AddMember(GroupMember member, JoinGroupRequest request, long now, int initialRebalanceDelayMs)
    {
        // Take the task before trying to complete the join: completing it clears PendingJoin.
        var joined = Update(member, request, now);
        Members[member.MemberId] = member;
        PendingMemberIds.Remove(member.MemberId);
        ProtocolType ??= request.ProtocolType;
        if (State != GroupState.PreparingRebalance)
        {
            PrepareRebalance(now, initialRebalanceDelayMs);
        }

        TryCompleteJoin(now, deadlinePassed: false);
        return joined;
    }

    /// <summary>A known member rejoins.</summary>
    public Task<JoinGroupResponse> Rejoin(GroupMember member, JoinGroupRequest request, long now)
    {
        var unchanged = SameProtocols(member.Protocols, request.Protocols);
        switch (State)
        {
            case GroupState.CompletingRebalance when unchanged:
            case GroupState.Stable when unchanged && member.MemberId != LeaderId:
                // Nothing changed: answer with the current generation (a follower that lost its response).
                member.LastHeartbeatMs = now;
                return Task.FromResult(JoinResponseFor(member));
            case GroupState.PreparingRebalance:
            {
                var joined = Update(member, request, now);
                TryCompleteJoin(now, deadlinePassed: false);
                return joined;
            }

            default:
            {
                var joined = Update(member, request, now);
                PrepareRebalance(now, initialRebalanceDelayMs: 0);
                TryCompleteJoin(now, deadlinePassed: false);
                return joined;
            }
        }
    }

    /// <summary>SyncGroup: the leader distributes assignments; followers wait for them.</summary>
    public Task<SyncGroupResponse> Sync(GroupMember member, SyncGroupRequest request, long now)
    {
        member.LastHeartbeatMs = now;
        switch (State)
        {
            case GroupState.PreparingRebalance:
                return Task.FromResult(new SyncGroupResponse(ErrorCode.RebalanceInProgress, []));
            case GroupState.Stable:
                return Task.FromResult(new SyncGroupResponse(ErrorCode.None, member.Assignment));
            case GroupState.CompletingRebalance:
                member.PendingSync = new TaskCompletionSource<SyncGroupResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                var task = member.PendingSync.Task;
                if (member.MemberId == LeaderId)
                {
                    foreach (var m in Members.Values)
                    {
                        m.Assignment = [];
                    }

                    foreach (var assignment in request.Assignments)
                    {
                        if (Members.TryGetValue(assignment.MemberId, out var assigned))
                        {
                            assigned.Assignment = assignment.Data;
                        }
                    }

                    SetState(GroupState.Stable, now);
                    foreach (var m in Members.Values)
                    {
                        m.PendingSync?.TrySetResult(new SyncGroupResponse(ErrorCode.None, m.Assignment));
                        m.PendingSync = null;
                    }
                }

                return task;
            default:
                return Task.FromResult(new SyncGroupResponse(ErrorCode.UnknownMemberId, []));
        }
    }

    /// <summary>Heartbeat: refreshes the session; tells the member to rejoin during a rebalance.</summary>
    public ErrorCode Heartbeat(GroupMember member, long now)
    {
        member.LastHeartbeatMs = now;
        return State == GroupState.PreparingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
    }

    /// <summary>Removes a member (LeaveGroup or session expiry) and rebalances the rest.</summary>
    public void RemoveMember(GroupMember member, long now)
    {
        Members.Remove(member.MemberId);
        member.PendingJoin?.TrySetResult(FailedJoin(ErrorCode.UnknownMemberId, member.MemberId));
        member.PendingJoin = null;
        member.PendingSync?.TrySetResult(new SyncGroupResponse(ErrorCode.UnknownMemberId, []));
        member.PendingSync = null;
        if (LeaderId == member.MemberId)
        {
            LeaderId = null;
        }

        switch (State)
        {
            case GroupState.Stable:
            case GroupState.CompletingRebalance:
                PrepareRebalance(now, initialRebalanceDelayMs: 0);
                TryCompleteJoin(now, deadlinePassed: false);
                break;
            case GroupState.PreparingRebalance:
                TryCompleteJoin(now, deadlinePassed: false);
                break;
        }
    }

    /// <summary>Periodic check: expires silent members and finishes rebalances whose deadline passed.</summary>
    public IReadOnlyList<GroupMember> Tick(long now)
    {
        var expired = Members.Values
            .Where(m => m.PendingJoin is null && now - m.LastHeartbeatMs > m.SessionTimeoutMs)
            .ToList();
        foreach (var member in expired)
        {
            RemoveMember(member, now);
        }

        if (State == GroupState.PreparingRebalance)
        {
            TryCompleteJoin(now, deadlinePassed: now >= RebalanceDeadlineMs);
        }

        return expired;
    }

    /// <summary>Marks the group deleted (DeleteGroups).</summary>
    public void MarkDead(long now)
    {
        SetState(GroupState.Dead, now);
        Offsets.Clear();
    }

    private static bool SameProtocols(IReadOnlyList<JoinGroupRequest.Protocol> a, IReadOnlyList<JoinGroupRequest.Protocol> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Name == p.Second.Name && p.First.Metadata.AsSpan().SequenceEqual(p.Second.Metadata));

    private static JoinGroupResponse FailedJoin(ErrorCode error, string memberId) => new(error, -1, null, "", memberId, []);

    /// <summary>Records the member's join and returns the task its JoinGroup response will complete.</summary>
    private static Task<JoinGroupResponse> Update(GroupMember member, JoinGroupRequest request, long now)
    {
        member.Protocols = request.Protocols;
        member.SessionTimeoutMs = request.SessionTimeoutMs;
        member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
        member.LastHeartbeatMs = now;
        member.PendingJoin?.TrySetResult(FailedJoin(ErrorCode.UnknownMemberId, member.MemberId));
        member.PendingJoin = new TaskCompletionSource<JoinGroupResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        return member.PendingJoin.Task;
    }

    private void PrepareRebalance(long now, int initialRebalanceDelayMs)
    {
        foreach (var member in Members.Values)
        {
            member.PendingSync?.TrySetResult(new SyncGroupResponse(ErrorCode.RebalanceInProgress, []));
            member.PendingSync = null;
        }

        var wasEmpty = State == GroupState.Empty;
        SetState(GroupState.PreparingRebalance, now);
        var rebalanceTimeout = Members.Count == 0 ? 0 : Members.Values.Max(m => m.RebalanceTimeoutMs);
        RebalanceDeadlineMs = now + Math.Max(rebalanceTimeout, 0);
        JoinNotBeforeMs = wasEmpty ? now + initialRebalanceDelayMs : now;
    }

    private void TryCompleteJoin(long now, bool deadlinePassed)
    {
        if (State != GroupState.PreparingRebalance || now < JoinNotBeforeMs)
        {
            return;
        }

        var allJoined = Members.Values.All(m => m.PendingJoin is not null);
        if (!allJoined && !deadlinePassed)
        {
            return;
        }

        foreach (var straggler in Members.Values.Where(m => m.PendingJoin is null).ToList())
        {
            // Did not rejoin within the rebalance timeout: out of the group.
            Members.Remove(straggler.MemberId);
        }

        Generation++;
        if (Members.Count == 0)
        {
            Protocol = null;
            LeaderId = null;
            ProtocolType = null;
            SetState(GroupState.Empty, now);
            return;
        }

        Protocol = SelectProtocol();
        if (LeaderId is null || !Members.ContainsKey(LeaderId))
        {
            LeaderId = Members.Keys.First();
        }

        SetState(GroupState.CompletingRebalance, now);
        foreach (var member in Members.Values)
        {
            member.LastHeartbeatMs = now;
            var pending = member.PendingJoin!;
            member.PendingJoin = null;
            pending.TrySetResult(JoinResponseFor(member));
        }
    }

    private JoinGroupResponse JoinResponseFor(GroupMember member)
    {
        IReadOnlyList<JoinGroupResponse.Member> members = member.MemberId == LeaderId
            ? [.. Members.Values.Select(m => new JoinGroupResponse.Member(m.MemberId, m.GroupInstanceId, m.MetadataFor(Protocol!)))]
            : [];
        return new JoinGroupResponse(ErrorCode.None, Generation, Protocol, LeaderId!, member.MemberId, members);
    }

    private IEnumerable<string> CommonProtocols()
    {
        IEnumerable<string>? common = null;
        foreach (var member in Members.Values)
        {
            var names = member.Protocols.Select(p => p.Name);
            common = common is null ? names.ToList() : common.Intersect(names).ToList();
        }

        return common ?? [];
    }

    // Each member votes for its most preferred protocol among those every member supports; most votes wins.
    private string SelectProtocol()
    {
        var candidates = CommonProtocols().ToHashSet(StringComparer.Ordinal);
        return Members.Values
            .Select(m => m.Protocols.First(p => candidates.Contains(p.Name)).Name)
            .GroupBy(name => name)
            .OrderByDescending(g => g.Count())
            .First().Key;
    }

    private void SetState(GroupState state, long now)
    {
        State = state;
        StateChangedMs = now;
    }
}
