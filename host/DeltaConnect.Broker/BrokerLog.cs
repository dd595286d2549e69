using DeltaConnect.Broker.Storage;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker;

/// <summary>The broker's log messages, generated as allocation-free logging methods.</summary>
internal static partial class BrokerLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Partition}: duplicate batch from producer {ProducerId} (sequences {First}-{Last}) acknowledged with its original offset {Offset}")]
    public static partial void DuplicateBatch(ILogger logger, TopicPartition partition, long producerId, int first, int last, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Partition}: deleted segment {BaseOffset} ({Bytes} bytes) by {Reason}")]
    public static partial void RetentionDeletedSegment(ILogger logger, TopicPartition partition, long baseOffset, long bytes, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Partition}: rolled segment {Previous} ({Bytes} bytes) to {Next}")]
    public static partial void RolledSegment(ILogger logger, TopicPartition partition, long previous, long bytes, long next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Partition}: could not remove {Directory}: {Reason}")]
    public static partial void CouldNotRemoveDirectory(ILogger logger, TopicPartition partition, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Partition}: truncated {Bytes} byte(s) of torn or corrupt data at the end of segment {BaseOffset} (unclean shutdown)")]
    public static partial void TruncatedTornTail(ILogger logger, TopicPartition partition, long bytes, long baseOffset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Partition}: completed a compaction swap interrupted by an unclean shutdown (segment {BaseOffset})")]
    public static partial void CompletedInterruptedSwap(ILogger logger, TopicPartition partition, long baseOffset);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Partition}: log changed during cleaning (retention or deletion); pass abandoned")]
    public static partial void CleaningAbandoned(ILogger logger, TopicPartition partition);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Partition}: compacted offsets up to {DirtyEnd}: {Removed} record(s) removed, {Before} -> {After} bytes")]
    public static partial void Compacted(ILogger logger, TopicPartition partition, long dirtyEnd, long removed, long before, long after);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group coordinator loaded {Groups} group(s) from {Records} record(s) of __consumer_offsets")]
    public static partial void GroupsLoaded(ILogger logger, int groups, int records);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} left group {GroupId}")]
    public static partial void MemberLeft(ILogger logger, string memberId, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} of group {GroupId} removed: no heartbeat within session.timeout.ms={SessionTimeoutMs}")]
    public static partial void MemberSessionExpired(ILogger logger, string memberId, string groupId, int sessionTimeoutMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing to __consumer_offsets failed with {Error}: {Reason}")]
    public static partial void OffsetsAppendFailed(ILogger logger, DeltaConnect.Protocol.Messages.ErrorCode error, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Topics} topic(s) with {Partitions} partition(s)")]
    public static partial void TopicsLoaded(ILogger logger, int topics, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partition(s) [{Configs}]")]
    public static partial void TopicCreated(ILogger logger, string topic, int partitions, string configs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted topic {Topic}")]
    public static partial void TopicDeleted(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic} configs are now [{Configs}]")]
    public static partial void TopicConfigChanged(ILogger logger, string topic, string configs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing connection from {Remote}: {Reason}")]
    public static partial void ClosingConnection(ILogger logger, string remote, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection from {Remote} failed")]
    public static partial void ConnectionFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Partition}: log maintenance failed; will retry at the next pass")]
    public static partial void MaintenanceFailed(ILogger logger, TopicPartition partition, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker {NodeId} of cluster {ClusterId} listening on {Endpoint} (data in {DataDirectory}; previous shutdown {Shutdown})")]
    public static partial void Started(ILogger logger, int nodeId, string clusterId, string endpoint, string dataDirectory, string shutdown);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker stopped cleanly")]
    public static partial void Stopped(ILogger logger);
}
