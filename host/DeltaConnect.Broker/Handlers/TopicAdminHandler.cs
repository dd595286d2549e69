using DeltaConnect.Broker.Storage;
using DeltaConnect.Broker.Topics;
using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Handlers;

/// <summary>CreateTopics, DeleteTopics, CreatePartitions and DeleteRecords.</summary>
internal sealed class TopicAdminHandler(BrokerContext context)
{
    public TopicResultsResponse CreateTopics(CreateTopicsRequest request)
    {
        var duplicates = request.Topics.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return new TopicResultsResponse(ApiKey.CreateTopics, [.. request.Topics.Select(topic =>
        {
            if (duplicates.Contains(topic.Name))
            {
                return Result(topic.Name, TopicOperationResult.Fail(ErrorCode.InvalidRequest, $"Topic '{topic.Name}' appears more than once in the request."));
            }

            var partitions = topic.NumPartitions;
            if (topic.Assignments.Count > 0)
            {
                if (topic.NumPartitions != -1 || topic.ReplicationFactor != -1)
                {
                    return Result(topic.Name, TopicOperationResult.Fail(ErrorCode.InvalidRequest, "Give either a replica assignment or a partition count and replication factor, not both."));
                }

                var foreign = topic.Assignments.SelectMany(a => a.BrokerIds).FirstOrDefault(id => id != context.NodeId, context.NodeId);
                if (foreign != context.NodeId || topic.Assignments.Any(a => a.BrokerIds.Count != 1))
                {
                    return Result(topic.Name, TopicOperationResult.Fail(ErrorCode.InvalidReplicaAssignment, $"Every partition must be assigned to exactly broker {context.NodeId}, the only broker."));
                }

                partitions = topic.Assignments.Count;
            }

            var configs = topic.Configs.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
            return Result(topic.Name, context.Topics.Create(topic.Name, partitions, topic.Assignments.Count > 0 ? (short)1 : topic.ReplicationFactor, configs, request.ValidateOnly));
        })]);
    }

    public TopicResultsResponse DeleteTopics(DeleteTopicsRequest request) =>
        new(ApiKey.DeleteTopics, [.. request.TopicNames.Select(name =>
            context.Topics.TryGet(name, out var topic) && topic.IsInternal
                ? Result(name, TopicOperationResult.Fail(ErrorCode.InvalidRequest, $"Internal topic '{name}' cannot be deleted."))
                : Result(name, context.Topics.Delete(name)))]);

    public TopicResultsResponse CreatePartitions(CreatePartitionsRequest request) =>
        new(ApiKey.CreatePartitions, [.. request.Topics.Select(t => Result(t.Name, context.Topics.CreatePartitions(t.Name, t.Count, request.ValidateOnly)))]);

    public DeleteRecordsResponse DeleteRecords(DeleteRecordsRequest request) =>
        new([.. request.Topics.Select(topic => new DeleteRecordsResponse.Topic(
            topic.Name,
            [.. topic.Partitions.Select(p =>
            {
                var log = context.Topics.Partition(new TopicPartition(topic.Name, p.PartitionIndex));
                if (log is null)
                {
                    return new DeleteRecordsResponse.Partition(p.PartitionIndex, -1, ErrorCode.UnknownTopicOrPartition);
                }

                var (error, lowWatermark) = log.DeleteRecordsBefore(p.Offset);
                return new DeleteRecordsResponse.Partition(p.PartitionIndex, lowWatermark, error);
            })]))]);

    private static TopicResultsResponse.Result Result(string name, TopicOperationResult result) => new(name, result.Error, result.Message);
}
