using System.Globalization;
using System.Text;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Runtime.Errors;

/// <summary>
/// errors.deadletterqueue.topic.name: writes each tolerated failure's record to the dead-letter topic — for sinks
/// the record exactly as consumed, for sources the record as converted so far (values the converter could not handle
/// are written as JSON) — with Kafka Connect's <c>__connect.errors.*</c> context headers.
/// </summary>
internal sealed class DeadLetterQueueReporter : IErrorReporter
{
    public const string HeaderPrefix = "__connect.errors.";

    private readonly IRecordProducer _producer;
    private readonly string _topic;
    private readonly bool _contextHeaders;
    private readonly ConnectorTaskId _task;
    private readonly ErrorHandlingMetrics _metrics;

    private DeadLetterQueueReporter(IRecordProducer producer, string topic, bool contextHeaders, ConnectorTaskId task, ErrorHandlingMetrics metrics)
    {
        _producer = producer;
        _topic = topic;
        _contextHeaders = contextHeaders;
        _task = task;
        _metrics = metrics;
    }

    /// <summary>Creates the dead-letter topic when missing and a producer for it.</summary>
    public static async Task<DeadLetterQueueReporter> CreateAsync(IKafkaClients clients, string topic, short replicationFactor, bool contextHeaders, ConnectorTaskId task, ErrorHandlingMetrics metrics, CancellationToken cancellationToken)
    {
        using (var admin = clients.CreateAdmin())
        {
            await admin.CreateIfMissingAsync(new TopicSpecification(topic, 1, replicationFactor, new Dictionary<string, string>()), cancellationToken);
        }

        var producer = clients.CreateProducer($"deltaconnect-dlq-{task}", new Dictionary<string, string> { ["acks"] = "all", ["enable.idempotence"] = "true" });
        return new DeadLetterQueueReporter(producer, topic, contextHeaders, task, metrics);
    }

    public async Task ReportAsync(ProcessingFailure failure, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, byte[]?>>();
        byte[]? key;
        byte[]? value;
        long? timestamp;
        if (failure.Consumed is { } consumed)
        {
            key = consumed.Key;
            value = consumed.Value;
            timestamp = consumed.Timestamp;
            headers.AddRange(consumed.Headers);
        }
        else
        {
            var record = failure.Record;
            key = failure.ConvertedKey ?? Fallback(record?.KeySchema, record?.Key);
            value = failure.ConvertedValue ?? Fallback(record?.ValueSchema, record?.Value);
            timestamp = record?.Timestamp;
        }

        if (_contextHeaders)
        {
            AddContext(headers, failure);
        }

        _metrics.RecordDeadLetterRequest();
        var delivered = new TaskCompletionSource<Delivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        _producer.Produce(new OutgoingRecord(_topic, null, key, value, timestamp, headers), d => delivered.TrySetResult(d));
        var delivery = await delivered.Task.WaitAsync(cancellationToken);
        if (delivery.Error is { } error)
        {
            _metrics.RecordDeadLetterFailure();
            throw new Sdk.Errors.ConnectException($"Writing a failed record to the dead-letter topic {_topic} failed: {error.Message}", error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _producer.FlushAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Anything still queued failed to reach the dead-letter topic; its delivery already raised an error.
        }

        _producer.Dispose();
    }

    private static byte[]? Fallback(Schema? schema, object? value) => value switch
    {
        null => null,
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        _ => Encoding.UTF8.GetBytes(value.ToString() ?? ""),
    };

    private void AddContext(List<KeyValuePair<string, byte[]?>> headers, ProcessingFailure failure)
    {
        void Add(string name, string? text) => headers.Add(new(HeaderPrefix + name, text is null ? null : Encoding.UTF8.GetBytes(text)));

        if (failure.Consumed is { } consumed)
        {
            Add("topic", consumed.Topic);
            Add("partition", consumed.Partition.ToString(CultureInfo.InvariantCulture));
            Add("offset", consumed.Offset.ToString(CultureInfo.InvariantCulture));
        }
        else if (failure.Record is Sdk.Records.SourceRecord source)
        {
            Add("topic", source.Topic);
            if (source.KafkaPartition is { } partition)
            {
                Add("partition", partition.ToString(CultureInfo.InvariantCulture));
            }

            Add("source.partition", Encoding.UTF8.GetString(InternalJson.Serialize(source.SourcePartition)));
            Add("source.offset", Encoding.UTF8.GetString(InternalJson.Serialize(source.SourceOffset)));
        }

        Add("connector.name", _task.Connector);
        Add("task.id", _task.Task.ToString(CultureInfo.InvariantCulture));
        Add("stage", failure.Stage.KafkaName());
        Add("class.name", failure.ExecutingClass.FullName);
        Add("exception.class.name", failure.Error.GetType().FullName);
        Add("exception.message", failure.Error.Message);
        Add("exception.stacktrace", failure.Error.ToString());
    }
}
