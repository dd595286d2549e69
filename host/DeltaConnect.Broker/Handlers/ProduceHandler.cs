using DeltaConnect.Broker.Network;
using DeltaConnect.Broker.Storage;
using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Handlers;

/// <summary>
/// Produce and InitProducerId. A batch is acknowledged once it is written to the partition's segment file
/// (page cache), which survives the broker process dying; acks=all and acks=1 mean the same on a single node.
/// </summary>
internal sealed class ProduceHandler(BrokerContext context)
{
    public HandlerResult Produce(ProduceRequest request)
    {
        var topics = new List<ProduceResponse.TopicResponse>(request.Topics.Count);
        foreach (var topic in request.Topics)
        {
            var partitions = new List<ProduceResponse.PartitionResponse>(topic.Partitions.Count);
            foreach (var partition in topic.Partitions)
            {
                var result = Append(request, topic.Name, partition);
                partitions.Add(new ProduceResponse.PartitionResponse(
                    partition.Index, result.Error, result.BaseOffset, result.LogAppendTime, result.LogStartOffset, result.Message));
            }

            topics.Add(new ProduceResponse.TopicResponse(topic.Name, partitions));
        }

        // acks=0: the client expects no response at all.
        return request.Acks == 0 ? HandlerResult.NoResponse : (ResponseBodyWriter)new ProduceResponse(topics).Write;
    }

    public InitProducerIdResponse InitProducerId(InitProducerIdRequest request)
    {
        if (request.TransactionalId is not null)
        {
            return new InitProducerIdResponse(ErrorCode.CoordinatorNotAvailable, -1, -1);
        }

        // KIP-360: an idempotent producer that lost its state asks for an epoch bump of the id it has.
        if (request.ProducerId >= 0 && request.ProducerEpoch >= 0 && request.ProducerEpoch < short.MaxValue - 1)
        {
            return new InitProducerIdResponse(ErrorCode.None, request.ProducerId, (short)(request.ProducerEpoch + 1));
        }

        return new InitProducerIdResponse(ErrorCode.None, context.ProducerIds.Next(), 0);
    }

    private AppendResult Append(ProduceRequest request, string topic, ProduceRequest.PartitionData partition)
    {
        if (request.TransactionalId is not null)
        {
            return AppendResult.Failed(ErrorCode.TransactionalIdAuthorizationFailed, "Transactional produce is not supported by this broker yet.");
        }

        if (request.Acks is not (0 or 1 or -1))
        {
            return AppendResult.Failed(ErrorCode.InvalidRequiredAcks, $"acks={request.Acks} is invalid: use 0, 1 or -1 (all).");
        }

        var log = context.Topics.Partition(new TopicPartition(topic, partition.Index));
        if (log is null)
        {
            return AppendResult.Failed(ErrorCode.UnknownTopicOrPartition, $"This server does not host {topic}-{partition.Index}.");
        }

        if (partition.Records is not { } records)
        {
            return AppendResult.Failed(ErrorCode.InvalidRecord, "The produce request holds no records for this partition.");
        }

        return log.Append(records, request.Acks);
    }
}
