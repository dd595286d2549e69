using System.Text.RegularExpressions;
using Confluent.Kafka;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;
using SdkTopicPartition = DeltaConnect.Sdk.Records.TopicPartition;
using SdkTimestampType = DeltaConnect.Sdk.Records.TimestampType;

namespace DeltaConnect.Kafka;

/// <summary>A librdkafka consumer of raw bytes; rebalance events are collected and returned by the next poll.</summary>
internal sealed class ConfluentConsumer : IRecordConsumer
{
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly ILogger _logger;
    private ErrorCode _lastTransientError = ErrorCode.NoError;
    private readonly List<SdkTopicPartition> _assigned = [];
    private readonly List<SdkTopicPartition> _revoked = [];
    private bool _closed;
    private IAdminClient? _admin;

    public ConfluentConsumer(ConsumerConfig config, ILogger logger)
    {
        _logger = logger;
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetKeyDeserializer(Deserializers.ByteArray)
            .SetValueDeserializer(Deserializers.ByteArray)
            .SetLogHandler((_, message) => ClientLog.Log(logger, message))
            .SetErrorHandler((_, error) => ClientLog.Error(logger, error))
            .SetPartitionsAssignedHandler((_, partitions) => _assigned.AddRange(partitions.Select(Map)))
            .SetPartitionsRevokedHandler((_, partitions) => Revoked(partitions, lost: false))
            .SetPartitionsLostHandler((_, partitions) => Revoked(partitions, lost: true))
            .Build();
    }

    public Action<IReadOnlyList<SdkTopicPartition>, bool>? OnRevoking { get; set; }

    public IReadOnlyCollection<SdkTopicPartition> Assignment => [.. _consumer.Assignment.Select(Map)];

    public void Subscribe(IReadOnlyList<string> topics) => _consumer.Subscribe(topics);

    public void Subscribe(Regex pattern)
    {
        // librdkafka treats a subscription starting with '^' as a regular expression.
        var expression = pattern.ToString();
        _consumer.Subscribe(expression.StartsWith('^') ? expression : "^" + expression);
    }

    public void Assign(IReadOnlyDictionary<SdkTopicPartition, long> startOffsets) =>
        _consumer.Assign(startOffsets.Select(p => new TopicPartitionOffset(Map(p.Key), new Offset(p.Value))));

    public PollResult Poll(int maxRecords, TimeSpan timeout)
    {
        var records = new List<KafkaRecord>();
        var result = Consume(timeout);
        while (result is not null)
        {
            if (!result.IsPartitionEOF)
            {
                records.Add(Map(result));
            }

            if (records.Count >= maxRecords)
            {
                break;
            }

            result = Consume(TimeSpan.Zero);
        }

        if (records.Count == 0 && _assigned.Count == 0 && _revoked.Count == 0)
        {
            return PollResult.Empty;
        }

        var poll = new PollResult(records, [.. _assigned], [.. _revoked]);
        _assigned.Clear();
        _revoked.Clear();
        return poll;
    }

    /// <summary>
    /// One consume call. librdkafka reports some conditions as errors that are not failures of the consumer — a
    /// subscribed topic that does not exist yet (a sink started before its source created the topic), a transient
    /// broker error — and keeps working after them; Kafka Connect's consumer waits in those cases too.
    /// </summary>
    private ConsumeResult<byte[]?, byte[]?>? Consume(TimeSpan timeout)
    {
        try
        {
            return _consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            if (e.Error.Code != _lastTransientError)
            {
                _lastTransientError = e.Error.Code;
                ConsumerLog.TransientError(_logger, e.Error.Code, e.Error.Reason);
            }

            return null;
        }
    }

    private void Revoked(List<TopicPartitionOffset> partitions, bool lost)
    {
        var mapped = partitions.Select(p => Map(p.TopicPartition)).ToList();
        OnRevoking?.Invoke(mapped, lost);
        _revoked.AddRange(mapped);
    }

    public void Commit(IReadOnlyDictionary<SdkTopicPartition, long> offsets)
    {
        if (offsets.Count > 0)
        {
            _consumer.Commit(offsets.Select(p => new TopicPartitionOffset(Map(p.Key), new Offset(p.Value))));
        }
    }

    public IReadOnlyDictionary<SdkTopicPartition, long> Committed(IReadOnlyCollection<SdkTopicPartition> partitions, TimeSpan timeout) =>
        _consumer.Committed(partitions.Select(Map), timeout)
            .Where(p => p.Offset.Value >= 0)
            .ToDictionary(p => Map(p.TopicPartition), p => p.Offset.Value);

    public void Seek(SdkTopicPartition partition, long offset) => _consumer.Seek(new TopicPartitionOffset(Map(partition), new Offset(offset)));

    public void Pause(IReadOnlyCollection<SdkTopicPartition> partitions) => _consumer.Pause(partitions.Select(Map));

    public void Resume(IReadOnlyCollection<SdkTopicPartition> partitions) => _consumer.Resume(partitions.Select(Map));

    public long Position(SdkTopicPartition partition) => _consumer.Position(Map(partition)).Value;

    // On the dedicated reader thread of an internal topic: blocking there holds up nothing else.
    public IReadOnlyDictionary<SdkTopicPartition, long> EndOffsets(IReadOnlyCollection<SdkTopicPartition> partitions, TimeSpan timeout) =>
        EndOffsetsAsync(partitions, timeout).GetAwaiter().GetResult();

    public async Task<IReadOnlyDictionary<SdkTopicPartition, long>> EndOffsetsAsync(IReadOnlyCollection<SdkTopicPartition> partitions, TimeSpan timeout)
    {
        if (partitions.Count == 0)
        {
            return new Dictionary<SdkTopicPartition, long>();
        }

        // One ListOffsets request per broker through an admin client sharing this consumer's connections; querying the
        // watermarks partition by partition costs a round trip (and a leader lookup) each.
        ObjectDisposedException.ThrowIf(_closed, this);
        _admin ??= new DependentAdminClientBuilder(_consumer.Handle).Build();
        var result = await _admin.ListOffsetsAsync(
            partitions.Select(p => new Confluent.Kafka.Admin.TopicPartitionOffsetSpec { TopicPartition = Map(p), OffsetSpec = Confluent.Kafka.Admin.OffsetSpec.Latest() }),
            new Confluent.Kafka.Admin.ListOffsetsOptions { RequestTimeout = timeout });
        return result.ResultInfos.ToDictionary(r => Map(r.TopicPartitionOffsetError.TopicPartition), r => r.TopicPartitionOffsetError.Offset.Value);
    }

    public void Close()
    {
        if (!_closed)
        {
            _closed = true;
            // Closing frees the librdkafka handle the admin client's result queue belongs to: the admin client goes first.
            DisposeAdmin();
            _consumer.Close();
        }
    }

    public void Dispose()
    {
        DisposeAdmin();
        _consumer.Dispose();
    }

    private void DisposeAdmin()
    {
        _admin?.Dispose();
        _admin = null;
    }

    private static Confluent.Kafka.TopicPartition Map(SdkTopicPartition partition) => new(partition.Topic, partition.Partition);

    private static SdkTopicPartition Map(Confluent.Kafka.TopicPartition partition) => new(partition.Topic, partition.Partition.Value);

    private static KafkaRecord Map(ConsumeResult<byte[]?, byte[]?> result)
    {
        var headers = result.Message.Headers is { Count: > 0 } h
            ? h.Select(x => new KeyValuePair<string, byte[]?>(x.Key, x.GetValueBytes())).ToList()
            : (IReadOnlyList<KeyValuePair<string, byte[]?>>)[];
        var timestampType = result.Message.Timestamp.Type switch
        {
            TimestampType.CreateTime => SdkTimestampType.CreateTime,
            TimestampType.LogAppendTime => SdkTimestampType.LogAppendTime,
            _ => SdkTimestampType.NoTimestampType,
        };
        return new KafkaRecord(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value,
            result.Message.Timestamp.UnixTimestampMs, timestampType, headers);
    }
}
