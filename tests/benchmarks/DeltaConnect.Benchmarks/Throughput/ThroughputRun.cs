using System.Diagnostics;
using System.Security.Cryptography;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DeltaConnect.Benchmarks.Brokers;

namespace DeltaConnect.Benchmarks.Throughput;

/// <summary>
/// One measured run against one broker: a fresh one-partition topic, <see cref="ThroughputSettings.Messages"/>
/// messages produced with acks=all, then all of them consumed from the beginning by a new consumer group.
/// </summary>
internal sealed class ThroughputRun
{
    private const string ClientId = "deltaconnect-broker-benchmark";
    private const int DistinctPayloads = 256;
    private static readonly TimeSpan TopicReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ConsumerStallTimeout = TimeSpan.FromSeconds(60);

    private readonly BrokerEndpoint _broker;
    private readonly ThroughputSettings _settings;
    private readonly byte[][] _payloads;

    public ThroughputRun(BrokerEndpoint broker, ThroughputSettings settings)
    {
        _broker = broker;
        _settings = settings;
        _payloads = new byte[DistinctPayloads][];
        for (var i = 0; i < _payloads.Length; i++)
        {
            _payloads[i] = RandomNumberGenerator.GetBytes(settings.MessageBytes);
        }
    }

    /// <summary>Runs produce then consume on a new topic named after <paramref name="label"/>.</summary>
    public async Task<ThroughputRunResult> ExecuteAsync(string label, CancellationToken cancellationToken)
    {
        var topic = $"benchmark-{label}-{Guid.NewGuid().ToString("N")[..8]}";
        var topicCreation = await CreateTopicAsync(topic, cancellationToken);
        var produce = Produce(topic, cancellationToken);
        var consume = Consume(topic, cancellationToken);
        return new ThroughputRunResult(topic, topicCreation, produce, consume);
    }

    private static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;

    /// <summary>
    /// Creates the topic with the CreateTopics API, or, where the broker has none (Kafka 0.9) or it fails, lets a
    /// Metadata request auto-create it (the broker runs with <c>auto.create.topics.enable=true</c>, <c>num.partitions=1</c>);
    /// then waits until its one partition has a leader.
    /// </summary>
    private async Task<string> CreateTopicAsync(string topic, CancellationToken cancellationToken)
    {
        using var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(_broker))
            .SetLogHandler(ClientLog.Handler(_broker.Key))
            .Build();
        var creation = "auto-created by a Metadata request";
        if (_broker.HasCreateTopicsApi)
        {
            try
            {
                await admin.CreateTopicsAsync(
                    [new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }],
                    new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(15), OperationTimeout = TimeSpan.FromSeconds(15) });
                creation = "CreateTopics";
            }
            catch (KafkaException e) when (!cancellationToken.IsCancellationRequested)
            {
                creation = $"auto-created by a Metadata request after CreateTopics failed ({e.Error.Code})";
            }
        }

        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata is { Error.IsError: false, Partitions.Count: > 0 })
            {
                if (metadata.Partitions.Count != 1)
                {
                    throw new InvalidOperationException(
                        $"{_broker.DisplayName} created {topic} with {metadata.Partitions.Count} partitions; the benchmark needs 1.");
                }

                if (metadata.Partitions[0] is { Leader: >= 0, Error.IsError: false })
                {
                    return creation;
                }
            }

            if (elapsed.Elapsed > TopicReadyTimeout)
            {
                throw new TimeoutException(
                    $"{_broker.DisplayName}: topic {topic} had no partition leader after {TopicReadyTimeout.TotalSeconds:0} s " +
                    $"(last metadata error: {metadata?.Error.Code.ToString() ?? "topic not listed"}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private ProducePhaseResult Produce(string topic, CancellationToken cancellationToken)
    {
        var config = KafkaClientConfigs.WithOverrides(
            new ProducerConfig
            {
                BootstrapServers = _broker.BootstrapServers,
                ClientId = ClientId,
                Acks = Acks.All,
                EnableIdempotence = false,
                LingerMs = ThroughputSettings.LingerMs,
                BatchSize = ThroughputSettings.BatchSizeBytes,
                CompressionType = CompressionType.None,
                QueueBufferingMaxKbytes = ThroughputSettings.ProducerBufferKilobytes,
            },
            _broker);
        using var producer = new ProducerBuilder<Null, byte[]>(config)
            .SetLogHandler(ClientLog.Handler(_broker.Key))
            .SetErrorHandler(ClientLog.ErrorHandler(_broker.Key))
            .Build();

        // Connect and learn the partition leader before the clock starts.
        using (var admin = new DependentAdminClientBuilder(producer.Handle).Build())
        {
            admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        }

        var messages = _settings.Messages;
        using var deliveries = new DeliveryRecorder(messages);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < messages; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var message = new Message<Null, byte[]> { Value = _payloads[i % _payloads.Length] };
            var index = i;
            while (true)
            {
                var producedAt = Stopwatch.GetTimestamp();
                try
                {
                    producer.Produce(topic, message, report => deliveries.Record(report, index, producedAt));
                    break;
                }
                catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // The 32 MiB client buffer is full: wait for deliveries to make room.
                    Thread.Sleep(1);
                }
            }
        }

        producer.Flush(DeliveryTimeout);
        if (!deliveries.WaitForAll(DeliveryTimeout, cancellationToken))
        {
            throw new TimeoutException(
                $"{_broker.DisplayName}: only {deliveries.Reported} of {messages} delivery reports within {DeliveryTimeout.TotalMinutes:0} min.");
        }

        if (deliveries.Failed > 0)
        {
            throw new InvalidOperationException(
                $"{_broker.DisplayName}: {deliveries.Failed} of {messages} messages failed; first error {deliveries.FirstFailure}.");
        }

        var seconds = Seconds(start, deliveries.LastReportTimestamp);
        return new ProducePhaseResult(
            seconds,
            _settings.TotalBytes / ThroughputSettings.BytesPerMegabyte / seconds,
            messages / seconds,
            deliveries.LatencyMilliseconds(0.50),
            deliveries.LatencyMilliseconds(0.99),
            deliveries.LatencyMilliseconds(1.0));
    }

    private ConsumePhaseResult Consume(string topic, CancellationToken cancellationToken)
    {
        var config = KafkaClientConfigs.WithOverrides(
            new ConsumerConfig
            {
                BootstrapServers = _broker.BootstrapServers,
                ClientId = ClientId,
                GroupId = $"benchmark-{Guid.NewGuid():N}",
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                EnablePartitionEof = false,
            },
            _broker);
        long assignedAt = 0;
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config)
            .SetLogHandler(ClientLog.Handler(_broker.Key))
            .SetErrorHandler(ClientLog.ErrorHandler(_broker.Key))
            .SetPartitionsAssignedHandler((_, _) => assignedAt = Stopwatch.GetTimestamp())
            .Build();

        var subscribedAt = Stopwatch.GetTimestamp();
        consumer.Subscribe(topic);
        long received = 0;
        long bytes = 0;
        var lastProgress = Stopwatch.GetTimestamp();
        while (received < _settings.Messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null)
            {
                if (Stopwatch.GetElapsedTime(lastProgress) > ConsumerStallTimeout)
                {
                    throw new TimeoutException(
                        $"{_broker.DisplayName}: the consumer received {received} of {_settings.Messages} messages " +
                        $"and then nothing for {ConsumerStallTimeout.TotalSeconds:0} s.");
                }

                continue;
            }

            received++;
            bytes += result.Message.Value.Length;
            lastProgress = Stopwatch.GetTimestamp();
        }

        var end = lastProgress;
        consumer.Close();
        if (bytes != _settings.TotalBytes)
        {
            throw new InvalidOperationException(
                $"{_broker.DisplayName}: consumed {bytes} payload bytes in {received} messages; expected {_settings.TotalBytes}.");
        }

        var start = assignedAt != 0 ? assignedAt : subscribedAt;
        var seconds = Seconds(start, end);
        return new ConsumePhaseResult(
            seconds,
            bytes / ThroughputSettings.BytesPerMegabyte / seconds,
            received / seconds,
            Seconds(subscribedAt, start));
    }
}
