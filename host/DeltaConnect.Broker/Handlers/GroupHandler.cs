using DeltaConnect.Broker.Storage;
using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Handlers;

/// <summary>FindCoordinator and the group requests that need more than a plain call to the coordinator.</summary>
internal sealed class GroupHandler(BrokerContext context)
{
    public FindCoordinatorResponse FindCoordinator(FindCoordinatorRequest request) =>
        request.KeyType switch
        {
            0 => new FindCoordinatorResponse(ErrorCode.None, null, context.Endpoint),
            1 => new FindCoordinatorResponse(ErrorCode.CoordinatorNotAvailable, "Transactions are not supported by this broker yet.", new BrokerEndpoint(-1, "", -1)),
            _ => new FindCoordinatorResponse(ErrorCode.InvalidRequest, $"Coordinator key type {request.KeyType} is unknown (0 group, 1 transaction).", new BrokerEndpoint(-1, "", -1)),
        };

    public Task<JoinGroupResponse> JoinAsync(JoinGroupRequest request, string clientId, string clientHost, short version, CancellationToken cancellationToken) =>
        context.Groups.JoinAsync(request, clientId, clientHost, version).WaitAsync(cancellationToken);

    public Task<SyncGroupResponse> SyncAsync(SyncGroupRequest request, CancellationToken cancellationToken) =>
        context.Groups.SyncAsync(request).WaitAsync(cancellationToken);

    public OffsetCommitResponse Commit(OffsetCommitRequest request) =>
        context.Groups.Commit(request, tp => context.Topics.Partition(tp) is not null);
}
