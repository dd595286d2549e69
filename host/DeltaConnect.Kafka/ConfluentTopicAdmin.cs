using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Kafka;

/// <summary>Topic creation and description through the Kafka admin API.</summary>
internal sealed class ConfluentTopicAdmin : ITopicAdmin
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly IAdminClient _admin;

    public ConfluentTopicAdmin(AdminClientConfig config, ILogger logger)
    {
        _admin = new AdminClientBuilder(config)
            .SetLogHandler((_, message) => ClientLog.Log(logger, message))
            .SetErrorHandler((_, error) => ClientLog.Error(logger, error))
            .Build();
    }

    public async Task<bool> CreateIfMissingAsync(Runtime.Kafka.TopicSpecification topic, CancellationToken cancellationToken)
    {
        try
        {
            await _admin.CreateTopicsAsync(
                [new Confluent.Kafka.Admin.TopicSpecification
                {
                    Name = topic.Name,
                    NumPartitions = topic.Partitions,
                    ReplicationFactor = topic.ReplicationFactor,
                    Configs = topic.Configs.ToDictionary(c => c.Key, c => c.Value),
                }],
                new CreateTopicsOptions { RequestTimeout = RequestTimeout }).WaitAsync(cancellationToken);
            return true;
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists))
        {
            return false;
        }
    }

    public async Task<Runtime.Kafka.TopicDescription?> DescribeAsync(string topic, CancellationToken cancellationToken)
    {
        // Configs first: a Metadata request for a missing topic from this (producer-type) client would auto-create it
        // with the broker's defaults, which is exactly what callers checking for the topic want to avoid.
        List<DescribeConfigsResult> configs;
        try
        {
            configs = await _admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }], new DescribeConfigsOptions { RequestTimeout = RequestTimeout }).WaitAsync(cancellationToken);
        }
        catch (DescribeConfigsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.UnknownTopicOrPart))
        {
            return null;
        }

        var metadata = _admin.GetMetadata(topic, RequestTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.Code == ErrorCode.UnknownTopicOrPart)
        {
            return null;
        }

        return new Runtime.Kafka.TopicDescription(topic, metadata.Partitions.Count, configs.Single().Entries.ToDictionary(e => e.Key, e => e.Value.Value));
    }

    public async Task<string?> ClusterIdAsync(CancellationToken cancellationToken) =>
        (await _admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = RequestTimeout }).WaitAsync(cancellationToken)).ClusterId;

    public async Task<IReadOnlyDictionary<Sdk.Records.TopicPartition, long>> ListGroupOffsetsAsync(string group, CancellationToken cancellationToken)
    {
        var results = await _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)], new ListConsumerGroupOffsetsOptions { RequestTimeout = RequestTimeout })
            .WaitAsync(cancellationToken);
        return results.SelectMany(r => r.Partitions)
            .Where(p => p.Error.Code == ErrorCode.NoError && p.Offset.Value >= 0)
            .ToDictionary(p => new Sdk.Records.TopicPartition(p.Topic, p.Partition.Value), p => p.Offset.Value);
    }

    public Task AlterGroupOffsetsAsync(string group, IReadOnlyDictionary<Sdk.Records.TopicPartition, long> offsets, CancellationToken cancellationToken) =>
        _admin.AlterConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitionOffsets(group, [.. offsets.Select(o => new TopicPartitionOffset(o.Key.Topic, o.Key.Partition, o.Value))])],
            new AlterConsumerGroupOffsetsOptions { RequestTimeout = RequestTimeout }).WaitAsync(cancellationToken);

    public Task DeleteGroupOffsetsAsync(string group, IReadOnlyCollection<Sdk.Records.TopicPartition> partitions, CancellationToken cancellationToken) =>
        _admin.DeleteConsumerGroupOffsetsAsync(group, [.. partitions.Select(p => new TopicPartition(p.Topic, p.Partition))], new DeleteConsumerGroupOffsetsOptions { RequestTimeout = RequestTimeout })
            .WaitAsync(cancellationToken);

    public async Task DeleteGroupAsync(string group, CancellationToken cancellationToken)
    {
        try
        {
            await _admin.DeleteGroupsAsync([group], new DeleteGroupsOptions { RequestTimeout = RequestTimeout }).WaitAsync(cancellationToken);
        }
        catch (DeleteGroupsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.GroupIdNotFound))
        {
        }
    }

    public void Dispose() => _admin.Dispose();
}
