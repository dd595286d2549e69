using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DescribeCluster response (key 60), versions 0-1.</summary>
public sealed record DescribeClusterResponse(ErrorCode ErrorCode, string? ErrorMessage, sbyte EndpointType, string ClusterId, int ControllerId, IReadOnlyList<BrokerEndpoint> Brokers)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        w.WriteInt32(0);
        w.WriteInt16((short)ErrorCode);
        w.WriteString(ErrorMessage);
        if (version >= 1)
        {
            w.WriteInt8(EndpointType);
        }

        w.WriteString(ClusterId);
        w.WriteInt32(ControllerId);
        w.WriteStructArray(Brokers, static (w, b) =>
        {
            w.WriteInt32(b.NodeId);
            w.WriteString(b.Host);
            w.WriteInt32(b.Port);
            w.WriteString(b.Rack);
        });
        w.WriteInt32(MetadataResponse.AuthorizedOperationsOmitted);
        w.WriteEmptyTaggedFields();
    }
}
