using DeltaConnect.Broker.Groups;
using DeltaConnect.Broker.Producers;
using DeltaConnect.Broker.Topics;
using DeltaConnect.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker.Handlers;

/// <summary>What request handlers share: topics, the group coordinator, producer ids, and who this broker is.</summary>
internal sealed record BrokerContext(
    BrokerOptions Options,
    string ClusterId,
    BrokerEndpoint Endpoint,
    TopicRegistry Topics,
    GroupCoordinator Groups,
    ProducerIdAllocator ProducerIds,
    ILogger Logger,
    TimeProvider Time)
{
    /// <summary>Leader epoch of every partition: a single node is the only leader there will ever be.</summary>
    public const int LeaderEpoch = 0;

    public int NodeId => Options.NodeId;
}
