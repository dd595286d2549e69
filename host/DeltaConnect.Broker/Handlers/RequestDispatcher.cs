using DeltaConnect.Broker.Network;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Broker.Handlers;

/// <summary>Decodes a request body by API key and hands it to the handler for that area.</summary>
internal sealed class RequestDispatcher(BrokerContext context)
{
    private readonly ProduceHandler _produce = new(context);
    private readonly FetchHandler _fetch = new(context);
    private readonly MetadataHandler _metadata = new(context);
    private readonly TopicAdminHandler _topics = new(context);
    private readonly ConfigHandler _configs = new(context);
    private readonly GroupHandler _groups = new(context);

    public async ValueTask<HandlerResult> DispatchAsync(RequestHeader header, ProtocolReader reader, string clientHost, CancellationToken cancellationToken)
    {
        var v = header.ApiVersion;
        var clientId = header.ClientId ?? "";
        switch (header.ApiKey)
        {
            case ApiKey.ApiVersions:
                ApiVersionsRequest.Read(ref reader, v);
                return (ResponseBodyWriter)new ApiVersionsResponse(ErrorCode.None, ApiCatalog.Advertised).Write;
            case ApiKey.Metadata:
                return (ResponseBodyWriter)_metadata.Metadata(MetadataRequest.Read(ref reader, v), v).Write;
            case ApiKey.DescribeCluster:
                DescribeClusterRequest.Read(ref reader, v);
                return (ResponseBodyWriter)_metadata.DescribeCluster().Write;
            case ApiKey.Produce:
                return _produce.Produce(ProduceRequest.Read(ref reader, v));
            case ApiKey.InitProducerId:
                return (ResponseBodyWriter)_produce.InitProducerId(InitProducerIdRequest.Read(ref reader, v)).Write;
            case ApiKey.Fetch:
                return await _fetch.FetchAsync(FetchRequest.Read(ref reader, v), cancellationToken);
            case ApiKey.ListOffsets:
                return (ResponseBodyWriter)_fetch.ListOffsets(ListOffsetsRequest.Read(ref reader, v)).Write;
            case ApiKey.CreateTopics:
                return (ResponseBodyWriter)_topics.CreateTopics(CreateTopicsRequest.Read(ref reader, v)).Write;
            case ApiKey.DeleteTopics:
                return (ResponseBodyWriter)_topics.DeleteTopics(DeleteTopicsRequest.Read(ref reader, v)).Write;
            case ApiKey.CreatePartitions:
                return (ResponseBodyWriter)_topics.CreatePartitions(CreatePartitionsRequest.Read(ref reader, v)).Write;
            case ApiKey.DeleteRecords:
                return (ResponseBodyWriter)_topics.DeleteRecords(DeleteRecordsRequest.Read(ref reader, v)).Write;
            case ApiKey.DescribeConfigs:
                return (ResponseBodyWriter)_configs.Describe(DescribeConfigsRequest.Read(ref reader, v)).Write;
            case ApiKey.AlterConfigs:
                return (ResponseBodyWriter)_configs.Alter(AlterConfigsRequest.ReadAlterConfigs(ref reader, v)).Write;
            case ApiKey.IncrementalAlterConfigs:
                return (ResponseBodyWriter)_configs.Alter(AlterConfigsRequest.ReadIncremental(ref reader, v)).Write;
            case ApiKey.FindCoordinator:
                return (ResponseBodyWriter)_groups.FindCoordinator(FindCoordinatorRequest.Read(ref reader, v)).Write;
            case ApiKey.JoinGroup:
                return (ResponseBodyWriter)(await _groups.JoinAsync(JoinGroupRequest.Read(ref reader, v), clientId, clientHost, v, cancellationToken)).Write;
            case ApiKey.SyncGroup:
                return (ResponseBodyWriter)(await _groups.SyncAsync(SyncGroupRequest.Read(ref reader, v), cancellationToken)).Write;
            case ApiKey.Heartbeat:
                return (ResponseBodyWriter)new ErrorOnlyResponse(context.Groups.Heartbeat(HeartbeatRequest.Read(ref reader, v))).Write;
            case ApiKey.LeaveGroup:
                return (ResponseBodyWriter)context.Groups.Leave(LeaveGroupRequest.Read(ref reader, v)).Write;
            case ApiKey.OffsetCommit:
                return (ResponseBodyWriter)_groups.Commit(OffsetCommitRequest.Read(ref reader, v)).Write;
            case ApiKey.OffsetFetch:
                return (ResponseBodyWriter)context.Groups.FetchOffsets(OffsetFetchRequest.Read(ref reader, v)).Write;
            case ApiKey.DescribeGroups:
                return (ResponseBodyWriter)context.Groups.Describe(DescribeGroupsRequest.Read(ref reader, v)).Write;
            case ApiKey.ListGroups:
                return (ResponseBodyWriter)context.Groups.List(ListGroupsRequest.Read(ref reader, v)).Write;
            case ApiKey.DeleteGroups:
                return (ResponseBodyWriter)context.Groups.Delete(DeleteGroupsRequest.Read(ref reader, v)).Write;
            case ApiKey.OffsetDelete:
                return (ResponseBodyWriter)context.Groups.DeleteOffsets(OffsetDeleteRequest.Read(ref reader, v)).Write;
            default:
                throw new ProtocolException($"{header.ApiKey} is listed as supported but has no handler.");
        }
    }
}
