using System.Collections.Concurrent;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Storage;

/// <summary>
/// A compacted topic read from the beginning into memory and appended to (Kafka Connect's KafkaBasedLog): the
/// backing log of the config, offset and status stores. A background reader hands every record to the store's
/// callback in order; <see cref="ReadToEndAsync"/> waits until everything written so far has been seen, and
/// <see cref="SendAsync"/> completes once Kafka acknowledged the write.
/// </summary>
internal sealed class CompactedTopicLog : IAsyncDisposable
{
    private readonly IKafkaClients _clients;
    private TopicSpecification _topic;
    private readonly Action<KafkaRecord> _onRecord;
    private readonly Func<TopicDescription, string?> _check;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<TaskCompletionSource> _readToEndRequests = new();
    private readonly CancellationTokenSource _stopping = new();
    private IRecordProducer? _producer;
    private IRecordConsumer? _consumer;
    private Thread? _reader;
    private Exception? _readerFailure;

    /// <param name="clients">Kafka clients.</param>
    /// <param name="topic">The topic, created with these settings when missing.</param>
    /// <param name="onRecord">Called for every record, in offset order per partition, on the reader thread.</param>
    /// <param name="check">Checks an existing topic; returns what is wrong with it (and how to fix it), or null.</param>
    /// <param name="logger">Logger.</param>
    public CompactedTopicLog(IKafkaClients clients, TopicSpecification topic, Action<KafkaRecord> onRecord, Func<TopicDescription, string?> check, ILogger logger)
    {
        _clients = clients;
        _topic = topic;
        _onRecord = onRecord;
        _check = check;
        _logger = logger;
    }

    public string Topic => _topic.Name;

    /// <summary>Creates or checks the topic, then reads it to the end.</summary>
    /// <exception cref="ConnectException">When the existing topic is unsuitable (e.g. not compacted).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using (var admin = _clients.CreateAdmin())
        {
            if (await admin.CreateIfMissingAsync(_topic, cancellationToken))
            {
                RuntimeLog.InternalTopicCreated(_logger, _topic.Name, _topic.Partitions);
            }

            var description = await admin.DescribeAsync(_topic.Name, cancellationToken)
                ?? throw new ConnectException($"Internal topic {_topic.Name} could not be created or found.");
            if (_check(description) is { } problem)
            {
                throw new ConnectException(problem);
            }

            _topic = _topic with { Partitions = description.Partitions };
        }

        _producer = _clients.CreateProducer($"deltaconnect-{_topic.Name}-writer", new Dictionary<string, string>
        {
            ["acks"] = "all",
            ["enable.idempotence"] = "true",
            ["linger.ms"] = "0",
            // The same partitioner as the Java client, so a key lands where Kafka Connect would put it.
            ["partitioner"] = "murmur2_random",
        });
        _consumer = _clients.CreateConsumer($"deltaconnect-{_topic.Name}-reader", null, new Dictionary<string, string>());
        _consumer.Assign(Enumerable.Range(0, _topic.Partitions).ToDictionary(p => new TopicPartition(_topic.Name, p), _ => 0L));
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"reader {_topic.Name}" };
        _reader.Start();
        await ReadToEndAsync(cancellationToken);
    }

    /// <summary>Waits until every record written before the call has been handed to the callback.</summary>
    public Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        if (_readerFailure is not null)
        {
            throw new ConnectException($"Reading internal topic {_topic.Name} failed.", _readerFailure);
        }

        var request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _readToEndRequests.Enqueue(request);
        return request.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Appends a record (null value: a tombstone); completes when Kafka acknowledged it.</summary>
    public Task SendAsync(byte[] key, byte[]? value, CancellationToken cancellationToken)
    {
        var producer = _producer ?? throw new InvalidOperationException($"The log of {_topic.Name} is not started.");
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        producer.Produce(new OutgoingRecord(_topic.Name, null, key, value, null, []), delivery =>
        {
            if (delivery.Error is { } error)
            {
                delivered.TrySetException(new ConnectException($"Writing to internal topic {_topic.Name} failed: {error.Message}", error));
            }
            else
            {
                delivered.TrySetResult();
            }
        });
        return delivered.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _reader?.Join();
        if (_producer is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _producer.FlushAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                RuntimeLog.FlushTimedOut(_logger, _topic.Name);
            }

            _producer.Dispose();
        }

        _consumer?.Close();
        _consumer?.Dispose();
        _stopping.Dispose();
    }

    private void ReadLoop()
    {
        var consumer = _consumer!;
        var pending = new List<(TaskCompletionSource Request, IReadOnlyDictionary<TopicPartition, long> Ends)>();
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                while (_readToEndRequests.TryDequeue(out var request))
                {
                    var ends = consumer.EndOffsets([.. Enumerable.Range(0, _topic.Partitions).Select(p => new TopicPartition(_topic.Name, p))], TimeSpan.FromSeconds(30));
                    pending.Add((request, ends));
                }

                var poll = consumer.Poll(1000, pending.Count > 0 ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromMilliseconds(200));
                foreach (var record in poll.Records)
                {
                    _onRecord(record);
                }

                for (var i = pending.Count - 1; i >= 0; i--)
                {
                    if (pending[i].Ends.All(end => end.Value == 0 || consumer.Position(end.Key) >= end.Value))
                    {
                        pending[i].Request.TrySetResult();
                        pending.RemoveAt(i);
                    }
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _readerFailure = e;
            RuntimeLog.InternalTopicReaderFailed(_logger, _topic.Name, e);
            foreach (var (request, _) in pending)
            {
                request.TrySetException(e);
            }

            while (_readToEndRequests.TryDequeue(out var request))
            {
                request.TrySetException(e);
            }
        }
    }
}
