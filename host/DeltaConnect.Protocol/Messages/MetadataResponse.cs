using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>Metadata response (key 3), versions 0-12.</summary>
public sealed record MetadataResponse(
    IReadOnlyList<BrokerEndpoint> Brokers,
    string ClusterId,
    int ControllerId,
    IReadOnlyList<MetadataResponse.Topic> Topics)
{
    /// <summary>Authorized-operations value meaning "not requested".</summary>
    public const int AuthorizedOperationsOmitted = int.MinValue;

    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        if (version >= 3)
        {
            w.WriteInt32(0);
        }

        w.WriteStructArray(Brokers, (w, b) =>
        {
            w.WriteInt32(b.NodeId);
            w.WriteString(b.Host);
            w.WriteInt32(b.Port);
            if (version >= 1)
            {
                w.WriteString(b.Rack);
            }
        });
        if (version >= 2)
        {
            w.WriteString(ClusterId);
        }

        if (version >= 1)
        {
            w.WriteInt32(ControllerId);
        }

        w.WriteStructArray(Topics, (w, t) =>
        {
            w.WriteInt16((short)t.ErrorCode);
            w.WriteString(t.Name);
            if (version >= 10)
            {
                w.WriteUuid(t.TopicId);
            }

            if (version >= 1)
            {
                w.WriteBoolean(t.IsInternal);
            }

            w.WriteStructArray(t.Partitions, (w, p) =>
            {
                w.WriteInt16((short)p.ErrorCode);
                w.WriteInt32(p.PartitionIndex);
                w.WriteInt32(p.LeaderId);
                if (version >= 7)
                {
                    w.WriteInt32(p.LeaderEpoch);
                }

                w.WriteInt32Array(p.ReplicaNodes);
                w.WriteInt32Array(p.IsrNodes);
                if (version >= 5)
                {
                    w.WriteInt32Array([]);
                }
            });
            if (version >= 8)
            {
                w.WriteInt32(t.TopicAuthorizedOperations);
            }
        });
        if (version is >= 8 and <= 10)
        {
            w.WriteInt32(AuthorizedOperationsOmitted);
        }

        w.WriteEmptyTaggedFields();
    }

    /// <summary>One topic's metadata.</summary>
    public sealed record Topic(ErrorCode ErrorCode, string Name, Guid TopicId, bool IsInternal, IReadOnlyList<Partition> Partitions)
    {
        /// <summary>Bit field of authorized operations, or <see cref="AuthorizedOperationsOmitted"/>.</summary>
        public int TopicAuthorizedOperations { get; init; } = AuthorizedOperationsOmitted;
    }

    /// <summary>One partition's metadata.</summary>
    public sealed record Partition(ErrorCode ErrorCode, int PartitionIndex, int LeaderId, int LeaderEpoch, IReadOnlyList<int> ReplicaNodes, IReadOnlyList<int> IsrNodes);
}
