using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using DeltaConnect.Kafka;
using DeltaConnect.Runtime.Kafka;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Testing.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaConnect.Runtime.Tests.Kafka;

/// <summary>
/// Sink and processor task loops poll through <see cref="ConsumerPoller"/>: a poll that has to wait for records must not
/// hold a thread-pool thread (on a 2-core machine that starved source tasks' continuations and stalled pipelines).
/// </summary>
public sealed class ConsumerPollerTests
{
    [Fact]
    public async Task A_poll_that_waits_for_records_waits_off_the_thread_pool_and_returns_what_arrives_meanwhile()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await BrokerHost.StartAsync();
        var clients = new ConfluentClients(broker.BootstrapServers, new Dictionary<string, string>(), NullLoggerFactory.Instance);
        using var producer = clients.CreateProducer("poller-test", new Dictionary<string, string>());
        await ProduceAsync(producer, "first");

        using var consumer = new ThreadRecordingConsumer(clients.CreateConsumer("poller-test", null, new Dictionary<string, string>()));
        consumer.Assign(new Dictionary<TopicPartition, long> { [new TopicPartition(Topic, 0)] = 0 });
        var poller = new ConsumerPoller(consumer, "poll-test");

        // Nothing is fetched yet right after the assignment: the poll waits (on the poller's thread) for the first record.
        var first = await Task.Run(() => poller.PollAsync(10, TimeSpan.FromSeconds(30)).AsTask(), ct);
        Assert.Equal("first", Value(Assert.Single(first.Records)));

        // Caught up: the next poll waits again, and returns the record produced while it waits.
        var waiting = Task.Run(() => poller.PollAsync(10, TimeSpan.FromSeconds(30)).AsTask(), ct);
        await ProduceAsync(producer, "second");
        var second = await waiting;
        Assert.Equal("second", Value(Assert.Single(second.Records)));

        Assert.True(poller.Waits >= 2, $"expected both polls to wait, {poller.Waits} did");
        var calls = consumer.Polls.ToList();
        Assert.Contains(calls, c => c.Timeout > TimeSpan.Zero);
        // Every poll that may block ran on the poller's own thread; the caller (a pool thread) only took what was there.
        Assert.All(calls.Where(c => c.Timeout > TimeSpan.Zero), c => Assert.False(c.OnPoolThread, "a waiting poll ran on a thread-pool thread"));
        Assert.All(calls.Where(c => c.OnPoolThread), c => Assert.Equal(TimeSpan.Zero, c.Timeout));

        poller.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => poller.PollAsync(10, TimeSpan.FromSeconds(1)).AsTask());
    }

    private const string Topic = "poller";

    private static async Task ProduceAsync(IRecordProducer producer, string value)
    {
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        producer.Produce(new OutgoingRecord(Topic, 0, null, System.Text.Encoding.UTF8.GetBytes(value), null, []), d =>
        {
            if (d.Error is { } error)
            {
                delivered.TrySetException(error);
            }
            else
            {
                delivered.TrySetResult();
            }
        });
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static string Value(KafkaRecord record) => System.Text.Encoding.UTF8.GetString(record.Value!);

    /// <summary>A real consumer that notes, for each poll, its timeout and whether it ran on a thread-pool thread.</summary>
    private sealed class ThreadRecordingConsumer(IRecordConsumer inner) : IRecordConsumer
    {
        public ConcurrentQueue<(TimeSpan Timeout, bool OnPoolThread)> Polls { get; } = new();

        public IReadOnlyCollection<TopicPartition> Assignment => inner.Assignment;

        public Action<IReadOnlyList<TopicPartition>, bool>? OnRevoking { get => inner.OnRevoking; set => inner.OnRevoking = value; }

        public PollResult Poll(int maxRecords, TimeSpan timeout)
        {
            Polls.Enqueue((timeout, Thread.CurrentThread.IsThreadPoolThread));
            return inner.Poll(maxRecords, timeout);
        }

        public void Subscribe(IReadOnlyList<string> topics) => inner.Subscribe(topics);

        public void Subscribe(Regex pattern) => inner.Subscribe(pattern);

        public void Assign(IReadOnlyDictionary<TopicPartition, long> startOffsets) => inner.Assign(startOffsets);

        public void Commit(IReadOnlyDictionary<TopicPartition, long> offsets) => inner.Commit(offsets);

        public IReadOnlyDictionary<TopicPartition, long> Committed(IReadOnlyCollection<TopicPartition> partitions, TimeSpan timeout) => inner.Committed(partitions, timeout);

        public void Seek(TopicPartition partition, long offset) => inner.Seek(partition, offset);

        public void Pause(IReadOnlyCollection<TopicPartition> partitions) => inner.Pause(partitions);

        public void Resume(IReadOnlyCollection<TopicPartition> partitions) => inner.Resume(partitions);

        public long Position(TopicPartition partition) => inner.Position(partition);

        public IReadOnlyDictionary<TopicPartition, long> EndOffsets(IReadOnlyCollection<TopicPartition> partitions, TimeSpan timeout) => inner.EndOffsets(partitions, timeout);

        public Task<IReadOnlyDictionary<TopicPartition, long>> EndOffsetsAsync(IReadOnlyCollection<TopicPartition> partitions, TimeSpan timeout) => inner.EndOffsetsAsync(partitions, timeout);

        public void Close() => inner.Close();

        public void Dispose() => inner.Dispose();
    }
}
