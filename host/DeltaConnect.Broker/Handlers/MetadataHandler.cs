using DeltaConnect.Broker.Topics;
using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Handlers;

/// <summary>Metadata and DescribeCluster: this broker is every partition's leader and the controller.</summary>
internal sealed class MetadataHandler(BrokerContext context)
{
    public MetadataResponse Metadata(MetadataRequest request, short version)
    {
        var topics = new List<MetadataResponse.Topic>();
        if (request.Topics is null)
        {
            topics.AddRange(context.Topics.All.OrderBy(t => t.Name, StringComparer.Ordinal).Select(Describe));
        }
        else
        {
            foreach (var wanted in request.Topics)
            {
                if (wanted.Name is null)
                {
                    var byId = context.Topics.All.FirstOrDefault(t => t.Id == wanted.TopicId);
                    topics.Add(byId is null
                        ? new MetadataResponse.Topic(ErrorCode.UnknownTopicId, "", wanted.TopicId, false, [])
                        : Describe(byId));
                    continue;
                }

                if (TopicRegistry.ValidateName(wanted.Name) is not null)
                {
                    topics.Add(new MetadataResponse.Topic(ErrorCode.InvalidTopicException, wanted.Name, Guid.Empty, false, []));
                    continue;
                }

                var topic = request.AllowAutoTopicCreation
                    ? context.Topics.GetOrAutoCreate(wanted.Name)
                    : context.Topics.TryGet(wanted.Name, out var existing) ? existing : null;
                topics.Add(topic is null
                    ? new MetadataResponse.Topic(ErrorCode.UnknownTopicOrPartition, wanted.Name, Guid.Empty, false, [])
                    : Describe(topic));
            }
        }

        return new MetadataResponse([context.Endpoint], context.ClusterId, context.NodeId, topics);
    }

    public DescribeClusterResponse DescribeCluster() =>
        new(ErrorCode.None, null, 1, context.ClusterId, context.NodeId, [context.Endpoint]);

    private MetadataResponse.Topic Describe(Topic topic)
    {
        int[] replicas = [context.NodeId];
        return new MetadataResponse.Topic(
            ErrorCode.None,
            topic.Name,
            topic.Id,
            topic.IsInternal,
            [.. Enumerable.Range(0, topic.Partitions.Count).Select(p =>
                new MetadataResponse.Partition(ErrorCode.None, p, context.NodeId, BrokerContext.LeaderEpoch, replicas, replicas))]);
    }
}
