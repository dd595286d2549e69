using Confluent.Kafka;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Kafka;

/// <summary>A librdkafka producer of raw bytes.</summary>
internal sealed class ConfluentProducer : IRecordProducer
{
    private readonly IProducer<byte[]?, byte[]?> _producer;

    public ConfluentProducer(ProducerConfig config, ILogger logger)
    {
        // Delivery reports carry what the runtime reads (topic, partition, offset, error) and the timestamp; by default
        // Confluent.Kafka also keeps every message's key and value reachable until its report, for nothing.
        config.DeliveryReportFields ??= "timestamp";
        _producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetKeySerializer(Serializers.ByteArray!)
            .SetValueSerializer(Serializers.ByteArray!)
            .SetLogHandler((_, message) => ClientLog.Log(logger, message))
            .SetErrorHandler((_, error) => ClientLog.Error(logger, error))
            .Build();
    }

    public void Produce(OutgoingRecord record, Action<Delivery> onDelivery)
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Key = record.Key,
            Value = record.Value,
            Timestamp = record.Timestamp is { } ts ? new Timestamp(ts, TimestampType.CreateTime) : Timestamp.Default,
        };
        if (record.Headers.Count > 0)
        {
            message.Headers = [];
            foreach (var (key, value) in record.Headers)
            {
                message.Headers.Add(key, value);
            }
        }

        void Report(DeliveryReport<byte[]?, byte[]?> report) => onDelivery(new Delivery(
            report.Topic,
            report.Partition.Value,
            report.Offset.Value,
            report.Timestamp.UnixTimestampMs,
            report.Error.IsError ? new KafkaException(report.Error) : null));

        while (true)
        {
            try
            {
                if (record.Partition is { } partition)
                {
                    _producer.Produce(new Confluent.Kafka.TopicPartition(record.Topic, partition), message, Report);
                }
                else
                {
                    _producer.Produce(record.Topic, message, Report);
                }

                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: the background poll thread serves delivery reports and makes room; try again shortly.
                Thread.Sleep(1);
            }
            catch (ProduceException<byte[]?, byte[]?> e)
            {
                // Refused before it was queued (larger than message.max.bytes, an unknown partition, ...): reported like
                // a failed delivery, so the error policy decides (tolerated and dead-lettered, or failing the task).
                onDelivery(new Delivery(record.Topic, record.Partition ?? -1, -1, -1, new KafkaException(e.Error)));
                return;
            }
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            while (_producer.Flush(TimeSpan.FromMilliseconds(100)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        },
        CancellationToken.None);

    public void Dispose() => _producer.Dispose();
}
