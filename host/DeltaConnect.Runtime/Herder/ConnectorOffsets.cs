using System.Globalization;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Herder;

/// <summary>
/// Reads, alters and resets a connector's offsets: a source's in the offsets topic, a sink's (and a processor's) as
/// the committed offsets of its consumer group <c>connect-&lt;name&gt;</c>, through the admin client.
/// </summary>
internal sealed class ConnectorOffsets(OffsetBackingStore sourceOffsets, IKafkaClients clients)
{
    public const string KafkaTopic = "kafka_topic";
    public const string KafkaPartition = "kafka_partition";
    public const string KafkaOffset = "kafka_offset";

    public static string ConsumerGroup(string connector) => "connect-" + connector;

    public async Task<IReadOnlyList<ConnectorOffset>> GetAsync(string connector, PluginKind kind, CancellationToken cancellationToken)
    {
        if (kind == PluginKind.Source)
        {
            await sourceOffsets.RefreshAsync(cancellationToken);
            return [.. sourceOffsets.GetAll(connector).Select(o => new ConnectorOffset(o.Key, o.Value))];
        }

        using var admin = clients.CreateAdmin();
        var committed = await admin.ListGroupOffsetsAsync(ConsumerGroup(connector), cancellationToken);
        return [.. committed.OrderBy(c => c.Key.Topic, StringComparer.Ordinal).ThenBy(c => c.Key.Partition).Select(c => new ConnectorOffset(
            new Dictionary<string, object?> { [KafkaTopic] = c.Key.Topic, [KafkaPartition] = c.Key.Partition },
            new Dictionary<string, object?> { [KafkaOffset] = c.Value }))];
    }

    /// <summary>Writes the given offsets; returns Kafka Connect's success message.</summary>
    /// <exception cref="BadRequestException">When a sink partition or offset is not in Kafka Connect's fixed shape.</exception>
    public async Task<string> AlterAsync(string connector, PluginKind kind, IReadOnlyList<ConnectorOffset> offsets, CancellationToken cancellationToken)
    {
        if (kind == PluginKind.Source)
        {
            await sourceOffsets.SetAsync(connector, offsets.Select(o => new KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>?>(o.Partition, o.Offset)), cancellationToken);
            return "The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.";
        }

        var commits = new Dictionary<TopicPartition, long>();
        var removals = new List<TopicPartition>();
        foreach (var entry in offsets)
        {
            var partition = SinkPartition(entry.Partition);
            if (entry.Offset is null)
            {
                removals.Add(partition);
            }
            else
            {
                commits[partition] = SinkOffset(entry.Offset, partition);
            }
        }

        using var admin = clients.CreateAdmin();
        var group = ConsumerGroup(connector);
        if (commits.Count > 0)
        {
            await admin.AlterGroupOffsetsAsync(group, commits, cancellationToken);
        }

        if (removals.Count > 0)
        {
            await admin.DeleteGroupOffsetsAsync(group, removals, cancellationToken);
        }

        return "The offsets for this connector have been altered successfully";
    }

    /// <summary>Removes every offset of the connector; returns Kafka Connect's success message.</summary>
    public async Task<string> ResetAsync(string connector, PluginKind kind, CancellationToken cancellationToken)
    {
        if (kind == PluginKind.Source)
        {
            await sourceOffsets.RefreshAsync(cancellationToken);
            var all = sourceOffsets.GetAll(connector);
            await sourceOffsets.SetAsync(connector, all.Select(o => new KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>?>(o.Key, null)), cancellationToken);
            return "The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.";
        }

        using var admin = clients.CreateAdmin();
        await admin.DeleteGroupAsync(ConsumerGroup(connector), cancellationToken);
        return "The offsets for this connector have been reset successfully";
    }

    private static TopicPartition SinkPartition(IReadOnlyDictionary<string, object?> partition)
    {
        if (partition.GetValueOrDefault(KafkaTopic) is not string topic || topic.Length == 0)
        {
            throw new BadRequestException($"Sink connector offsets need a partition with a non-empty string '{KafkaTopic}' and an integer '{KafkaPartition}', e.g. {{\"{KafkaTopic}\":\"orders\",\"{KafkaPartition}\":0}}.");
        }

        if (!TryInteger(partition.GetValueOrDefault(KafkaPartition), out var number) || number is < 0 or > int.MaxValue)
        {
            throw new BadRequestException($"Partition of topic '{topic}': '{KafkaPartition}' must be a non-negative integer.");
        }

        return new TopicPartition(topic, (int)number);
    }

    private static long SinkOffset(IReadOnlyDictionary<string, object?> offset, TopicPartition partition)
    {
        if (!TryInteger(offset.GetValueOrDefault(KafkaOffset), out var value) || value < 0)
        {
            throw new BadRequestException($"Offset of {partition.Topic}-{partition.Partition.ToString(CultureInfo.InvariantCulture)}: '{KafkaOffset}' must be a non-negative integer, or give a null offset to remove it.");
        }

        return value;
    }

    private static bool TryInteger(object? value, out long result)
    {
        switch (value)
        {
            case long l:
                result = l;
                return true;
            case int i:
                result = i;
                return true;
            case string s:
                return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out result);
            default:
                result = 0;
                return false;
        }
    }
}
