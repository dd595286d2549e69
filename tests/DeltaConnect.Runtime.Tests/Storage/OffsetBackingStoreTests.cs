using DeltaConnect.Kafka;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Testing.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaConnect.Runtime.Tests.Storage;

public sealed class OffsetBackingStoreTests
{
    [Fact]
    public async Task Offsets_written_by_one_store_are_read_by_a_new_store_on_the_same_topic()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await BrokerHost.StartAsync();
        var clients = new ConfluentClients(broker.BootstrapServers, new Dictionary<string, string>(), NullLoggerFactory.Instance);
        var partition = new Dictionary<string, object?> { ["filename"] = "/tmp/input.txt" };

        await using (var first = new OffsetBackingStore(clients, "offsets", 3, -1, NullLogger.Instance))
        {
            await first.StartAsync(ct);
            await first.SetAsync("source", [new(partition, new Dictionary<string, object?> { ["position"] = 890L })], ct);
            await first.RefreshAsync(ct);
            // Whole numbers come back as long (not double), as plugins compare them.
            Assert.IsType<long>(first.Get("source", partition)!["position"]);
            Assert.Equal(890L, first.Get("source", partition)!["position"]);
        }

        await using var second = new OffsetBackingStore(clients, "offsets", 3, -1, NullLogger.Instance);
        await second.StartAsync(ct);
        await second.RefreshAsync(ct);

        Assert.Equal(890L, second.Get("source", partition)?["position"]);
        Assert.Null(second.Get("other", partition));
        Assert.Single(second.GetAll("source"));
    }

    [Fact]
    public async Task A_write_to_a_closed_store_is_refused_with_an_exception_not_a_crash_of_the_process()
    {
        // Confluent.Kafka's Produce hands librdkafka the raw handle without checking that the producer is open: before
        // ConfluentProducer counted its calls, this write went into freed memory (a late offset commit of an abandoned task).
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await BrokerHost.StartAsync();
        var clients = new ConfluentClients(broker.BootstrapServers, new Dictionary<string, string>(), NullLoggerFactory.Instance);
        var partition = new Dictionary<string, object?> { ["filename"] = "/tmp/input.txt" };
        var store = new OffsetBackingStore(clients, "offsets", 1, -1, NullLogger.Instance);
        await store.StartAsync(ct);
        await store.SetAsync("source", [new(partition, new Dictionary<string, object?> { ["position"] = 1L })], ct);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.SetAsync("source", [new(partition, new Dictionary<string, object?> { ["position"] = 2L })], ct));
    }
}
