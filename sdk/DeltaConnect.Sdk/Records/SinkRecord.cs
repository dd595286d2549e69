using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Sdk.Records;

/// <summary>
/// A record read from Kafka and handed to a sink or processor task, with the partition and offset it was read at.
/// Transforms may change the topic and partition; <see cref="OriginalTopic"/>, <see cref="OriginalKafkaPartition"/>
/// and <see cref="OriginalKafkaOffset"/> keep where it really came from (for offset tracking and error reports).
/// </summary>
public sealed class SinkRecord : ConnectRecord
{
    /// <summary>Creates a sink record.</summary>
    public SinkRecord(
        string topic,
        int kafkaPartition,
        Schema? keySchema,
        object? key,
        Schema? valueSchema,
        object? value,
        long kafkaOffset,
        long? timestamp = null,
        TimestampType timestampType = TimestampType.CreateTime,
        ConnectHeaders? headers = null,
        string? originalTopic = null,
        int? originalKafkaPartition = null,
        long? originalKafkaOffset = null)
        : base(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers)
    {
        KafkaOffset = kafkaOffset;
        TimestampType = timestampType;
        OriginalTopic = originalTopic ?? topic;
        OriginalKafkaPartition = originalKafkaPartition ?? kafkaPartition;
        OriginalKafkaOffset = originalKafkaOffset ?? kafkaOffset;
    }

    /// <summary>The record's offset in its (current) partition.</summary>
    public long KafkaOffset { get; }

    /// <summary>What the timestamp means.</summary>
    public TimestampType TimestampType { get; }

    /// <summary>The topic the record was read from, before any transform.</summary>
    public string OriginalTopic { get; }

    /// <summary>The partition the record was read from, before any transform.</summary>
    public int OriginalKafkaPartition { get; }

    /// <summary>The offset the record was read at.</summary>
    public long OriginalKafkaOffset { get; }

    /// <summary>Where the record was read from.</summary>
    public TopicPartition OriginalTopicPartition => new(OriginalTopic, OriginalKafkaPartition);

    /// <inheritdoc />
    public override ConnectRecord NewRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp, ConnectHeaders? headers) =>
        new SinkRecord(topic, kafkaPartition ?? OriginalKafkaPartition, keySchema, key, valueSchema, value, KafkaOffset, timestamp, TimestampType, headers, OriginalTopic, OriginalKafkaPartition, OriginalKafkaOffset);
}
