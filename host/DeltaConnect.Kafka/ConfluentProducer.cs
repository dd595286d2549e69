using Confluent.Kafka;
using DeltaConnect.Runtime.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Kafka;

/// <summary>A librdkafka producer of raw bytes.</summary>
/// <remarks>
/// Confluent.Kafka's Produce hands the raw librdkafka handle to native code without checking that the producer is still
/// open, so a produce racing <see cref="Dispose"/> (a late write of a task that was given up on, say) would free the
/// handle under it and crash the process. Calls are counted in and out; Dispose waits for those in flight, and calls
/// after it throw <see cref="ObjectDisposedException"/>.
/// </remarks>
internal sealed class ConfluentProducer : IRecordProducer
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private int _calls;
    private int _disposed;

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

        Enter();
        try
        {
            ProduceOpen(record, message, Report, onDelivery);
        }
        finally
        {
            Interlocked.Decrement(ref _calls);
        }
    }

    private void ProduceOpen(OutgoingRecord record, Message<byte[]?, byte[]?> message, Action<DeliveryReport<byte[]?, byte[]?>> report, Action<Delivery> onDelivery)
    {
        while (true)
        {
            try
            {
                if (record.Partition is { } partition)
                {
                    _producer.Produce(new Confluent.Kafka.TopicPartition(record.Topic, partition), message, report);
                }
                else
                {
                    _producer.Produce(record.Topic, message, report);
                }

                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: the background poll thread serves delivery reports and makes room; try again shortly.
                // Not once the producer is closing: Dispose waits for this call.
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
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
            while (Flush() > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        },
        CancellationToken.None);

    public void Dispose()
    {
        // Interlocked on both sides (here and in Enter): a plain store could still sit in this core's store buffer while
        // the count below is read, letting a call in that the wait misses.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Calls that got in before the flag was set finish first (a full queue makes a produce wait for room).
        var wait = new SpinWait();
        while (Volatile.Read(ref _calls) > 0)
        {
            wait.SpinOnce();
        }

        _producer.Dispose();
    }

    private int Flush()
    {
        Enter();
        try
        {
            return _producer.Flush(TimeSpan.FromMilliseconds(100));
        }
        finally
        {
            Interlocked.Decrement(ref _calls);
        }
    }

    /// <summary>Counts a call in; refuses it when the producer is closed (or closing).</summary>
    private void Enter()
    {
        Interlocked.Increment(ref _calls);
        if (Volatile.Read(ref _disposed) != 0)
        {
            Interlocked.Decrement(ref _calls);
            throw new ObjectDisposedException(nameof(ConfluentProducer), "The Kafka producer is closed.");
        }
    }
}
