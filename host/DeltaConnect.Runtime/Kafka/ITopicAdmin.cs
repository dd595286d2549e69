namespace DeltaConnect.Runtime.Kafka;

/// <summary>Creates and describes topics.</summary>
internal interface ITopicAdmin : IDisposable
{
    /// <summary>Creates the topic unless it exists; returns true when it was created.</summary>
    Task<bool> CreateIfMissingAsync(TopicSpecification topic, CancellationToken cancellationToken);

    /// <summary>Partition count and configs of a topic, or null when it does not exist.</summary>
    Task<TopicDescription?> DescribeAsync(string topic, CancellationToken cancellationToken);

    /// <summary>The id of the Kafka cluster (null when the brokers do not report one).</summary>
    Task<string?> ClusterIdAsync(CancellationToken cancellationToken);

    /// <summary>The committed offsets of a consumer group (every partition it committed).</summary>
    Task<IReadOnlyDictionary<Sdk.Records.TopicPartition, long>> ListGroupOffsetsAsync(string group, CancellationToken cancellationToken);

    /// <summary>Commits offsets for a consumer group that has no active members.</summary>
    Task AlterGroupOffsetsAsync(string group, IReadOnlyDictionary<Sdk.Records.TopicPartition, long> offsets, CancellationToken cancellationToken);

    /// <summary>Removes some partitions' committed offsets of a consumer group that has no active members.</summary>
    Task DeleteGroupOffsetsAsync(string group, IReadOnlyCollection<Sdk.Records.TopicPartition> partitions, CancellationToken cancellationToken);

    /// <summary>Deletes a consumer group (and its committed offsets); a group that does not exist is fine.</summary>
    Task DeleteGroupAsync(string group, CancellationToken cancellationToken);
}
