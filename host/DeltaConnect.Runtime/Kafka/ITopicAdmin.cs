namespace DeltaConnect.Runtime.Kafka;

/// <summary>Creates and describes topics.</summary>
internal interface ITopicAdmin : IDisposable
{
    /// <summary>Creates the topic unless it exists; returns true when it was created.</summary>
    Task<bool> CreateIfMissingAsync(TopicSpecification topic, CancellationToken cancellationToken);

    /// <summary>Partition count and configs of a topic, or null when it does not exist.</summary>
    Task<TopicDescription?> DescribeAsync(string topic, CancellationToken cancellationToken);
}
