using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>DescribeCluster request (key 60), versions 0-1 (always flexible). Endpoint type 1 is brokers.</summary>
public sealed record DescribeClusterRequest(bool IncludeClusterAuthorizedOperations, sbyte EndpointType)
{
    /// <summary>Reads the body.</summary>
    public static DescribeClusterRequest Read(ref ProtocolReader r, short version)
    {
        var request = new DescribeClusterRequest(
            r.ReadBoolean("include_cluster_authorized_operations"),
            version >= 1 ? r.ReadInt8("endpoint_type") : (sbyte)1);
        r.SkipTaggedFields();
        return request;
    }
}
