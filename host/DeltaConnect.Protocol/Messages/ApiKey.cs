namespace DeltaConnect.Protocol.Messages;

/// <summary>Kafka API keys (the first field of every request header).</summary>
public enum ApiKey : short
{
    /// <summary>Write record batches to partitions.</summary>
    Produce = 0,

    /// <summary>Read record batches from partitions.</summary>
    Fetch = 1,

    /// <summary>Look up offsets by time (earliest, latest, timestamp).</summary>
    ListOffsets = 2,

    /// <summary>Brokers, topics and partition leaders.</summary>
    Metadata = 3,

    /// <summary>Commit consumer group offsets.</summary>
    OffsetCommit = 8,

    /// <summary>Read committed consumer group offsets.</summary>
    OffsetFetch = 9,

    /// <summary>Find the group (or transaction) coordinator.</summary>
    FindCoordinator = 10,

    /// <summary>Join a consumer group.</summary>
    JoinGroup = 11,

    /// <summary>Keep a group membership alive.</summary>
    Heartbeat = 12,

    /// <summary>Leave a consumer group.</summary>
    LeaveGroup = 13,

    /// <summary>Distribute the leader's assignment.</summary>
    SyncGroup = 14,

    /// <summary>Describe consumer groups.</summary>
    DescribeGroups = 15,

    /// <summary>List consumer groups.</summary>
    ListGroups = 16,

    /// <summary>SASL mechanism negotiation (not supported).</summary>
    SaslHandshake = 17,

    /// <summary>Which APIs and versions the broker supports.</summary>
    ApiVersions = 18,

    /// <summary>Create topics.</summary>
    CreateTopics = 19,

    /// <summary>Delete topics.</summary>
    DeleteTopics = 20,

    /// <summary>Advance partitions' log start offsets.</summary>
    DeleteRecords = 21,

    /// <summary>Allocate a producer id for an idempotent producer.</summary>
    InitProducerId = 22,

    /// <summary>Describe topic and broker configs.</summary>
    DescribeConfigs = 32,

    /// <summary>Replace topic configs.</summary>
    AlterConfigs = 33,

    /// <summary>Create additional partitions for topics.</summary>
    CreatePartitions = 37,

    /// <summary>Delete consumer groups.</summary>
    DeleteGroups = 42,

    /// <summary>Set, delete, append or subtract individual topic configs.</summary>
    IncrementalAlterConfigs = 44,

    /// <summary>Delete committed offsets of some partitions of a consumer group.</summary>
    OffsetDelete = 47,

    /// <summary>Describe the cluster (brokers, controller, cluster id).</summary>
    DescribeCluster = 60,
}
