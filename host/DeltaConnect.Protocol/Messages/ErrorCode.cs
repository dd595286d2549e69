namespace DeltaConnect.Protocol.Messages;

/// <summary>Kafka protocol error codes returned by the broker.</summary>
public enum ErrorCode : short
{
    /// <summary>An unexpected server error.</summary>
    UnknownServerError = -1,

    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The requested offset is outside the partition's range.</summary>
    OffsetOutOfRange = 1,

    /// <summary>A message failed its CRC check or is otherwise corrupt.</summary>
    CorruptMessage = 2,

    /// <summary>The topic or partition does not exist.</summary>
    UnknownTopicOrPartition = 3,

    /// <summary>The request was for a partition this broker does not lead.</summary>
    NotLeaderOrFollower = 6,

    /// <summary>The request timed out.</summary>
    RequestTimedOut = 7,

    /// <summary>The message is larger than the configured maximum.</summary>
    MessageTooLarge = 10,

    /// <summary>The committed offset metadata is too large.</summary>
    OffsetMetadataTooLarge = 12,

    /// <summary>The coordinator is loading and cannot serve yet.</summary>
    CoordinatorLoadInProgress = 14,

    /// <summary>The coordinator is not available.</summary>
    CoordinatorNotAvailable = 15,

    /// <summary>This broker is not the coordinator for the group.</summary>
    NotCoordinator = 16,

    /// <summary>The topic name is invalid.</summary>
    InvalidTopicException = 17,

    /// <summary>The record batch is larger than the segment size.</summary>
    RecordListTooLarge = 18,

    /// <summary>The required number of replicas is not available.</summary>
    NotEnoughReplicas = 19,

    /// <summary>The acks value is not 0, 1 or -1.</summary>
    InvalidRequiredAcks = 21,

    /// <summary>The generation id is not the group's current one.</summary>
    IllegalGeneration = 22,

    /// <summary>The member's protocol type or protocols are incompatible with the group's.</summary>
    InconsistentGroupProtocol = 23,

    /// <summary>The group id is invalid (empty).</summary>
    InvalidGroupId = 24,

    /// <summary>The member id is not known to the group.</summary>
    UnknownMemberId = 25,

    /// <summary>The session timeout is outside the broker's allowed range.</summary>
    InvalidSessionTimeout = 26,

    /// <summary>The group is rebalancing; rejoin.</summary>
    RebalanceInProgress = 27,

    /// <summary>The commit request is malformed.</summary>
    InvalidCommitOffsetSize = 28,

    /// <summary>The client is not authorized for the topic.</summary>
    TopicAuthorizationFailed = 29,

    /// <summary>The client is not authorized for the group.</summary>
    GroupAuthorizationFailed = 30,

    /// <summary>The timestamp of a record is out of the acceptable range.</summary>
    InvalidTimestamp = 32,

    /// <summary>The SASL mechanism is not supported.</summary>
    UnsupportedSaslMechanism = 33,

    /// <summary>The request is not valid in the broker's current state.</summary>
    IllegalSaslState = 34,

    /// <summary>The API version is not supported.</summary>
    UnsupportedVersion = 35,

    /// <summary>A topic with this name already exists.</summary>
    TopicAlreadyExists = 36,

    /// <summary>The number of partitions is invalid.</summary>
    InvalidPartitions = 37,

    /// <summary>The replication factor is invalid.</summary>
    InvalidReplicationFactor = 38,

    /// <summary>The replica assignment is invalid.</summary>
    InvalidReplicaAssignment = 39,

    /// <summary>A configuration value is invalid.</summary>
    InvalidConfig = 40,

    /// <summary>This is not the controller.</summary>
    NotController = 41,

    /// <summary>The request is malformed.</summary>
    InvalidRequest = 42,

    /// <summary>The message format version does not support the request.</summary>
    UnsupportedForMessageFormat = 43,

    /// <summary>A policy rejected the request.</summary>
    PolicyViolation = 44,

    /// <summary>The broker received an out-of-order sequence number.</summary>
    OutOfOrderSequenceNumber = 45,

    /// <summary>The broker received a duplicate sequence number.</summary>
    DuplicateSequenceNumber = 46,

    /// <summary>The producer's epoch is older than the broker's; another producer with the same id took over.</summary>
    InvalidProducerEpoch = 47,

    /// <summary>The transaction coordinator does not allow this state transition.</summary>
    InvalidTxnState = 48,

    /// <summary>The producer id mapping is invalid.</summary>
    InvalidProducerIdMapping = 49,

    /// <summary>The transaction timeout is larger than the broker's maximum.</summary>
    InvalidTransactionTimeout = 50,

    /// <summary>The transactional id may not be used (transactions are not enabled here).</summary>
    TransactionalIdAuthorizationFailed = 53,

    /// <summary>Security features are disabled.</summary>
    SecurityDisabled = 54,

    /// <summary>The broker does not know this producer id (its state expired or was never created).</summary>
    UnknownProducerId = 59,

    /// <summary>The group id does not exist.</summary>
    GroupIdNotFound = 69,

    /// <summary>The group is not empty (for deletion).</summary>
    NonEmptyGroup = 68,

    /// <summary>The leader epoch in the request is older than the broker's.</summary>
    FencedLeaderEpoch = 74,

    /// <summary>The leader epoch in the request is newer than the broker's.</summary>
    UnknownLeaderEpoch = 75,

    /// <summary>The group has active members subscribed to the topic (OffsetDelete).</summary>
    GroupSubscribedToTopic = 86,

    /// <summary>The group has reached its maximum size.</summary>
    GroupMaxSizeReached = 81,

    /// <summary>The consumer must rejoin with the member id it was given (KIP-394).</summary>
    MemberIdRequired = 79,

    /// <summary>The static member's instance id is used by another member.</summary>
    FencedInstanceId = 82,

    /// <summary>The record was rejected by the broker's validation (e.g. no key on a compacted topic).</summary>
    InvalidRecord = 87,

    /// <summary>The producer was fenced by a newer one.</summary>
    ProducerFenced = 90,

    /// <summary>The topic id is not known.</summary>
    UnknownTopicId = 100,
}
