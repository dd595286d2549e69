using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Groups;

/// <summary>One member of a group and the responses it is waiting for.</summary>
internal sealed class GroupMember(string memberId, string? groupInstanceId, string clientId, string clientHost)
{
    public string MemberId { get; } = memberId;

    public string? GroupInstanceId { get; } = groupInstanceId;

    public string ClientId { get; set; } = clientId;

    public string ClientHost { get; set; } = clientHost;

    public int SessionTimeoutMs { get; set; }

    public int RebalanceTimeoutMs { get; set; }

    public IReadOnlyList<JoinGroupRequest.Protocol> Protocols { get; set; } = [];

    public byte[] Assignment { get; set; } = [];

    public long LastHeartbeatMs { get; set; }

    /// <summary>Set while the member waits for the JoinGroup response of the current rebalance.</summary>
    public TaskCompletionSource<JoinGroupResponse>? PendingJoin { get; set; }

    /// <summary>Set while the member waits for its SyncGroup response.</summary>
    public TaskCompletionSource<SyncGroupResponse>? PendingSync { get; set; }

    public byte[] MetadataFor(string protocol) =>
        Protocols.FirstOrDefault(p => p.Name == protocol)?.Metadata ?? [];
}
