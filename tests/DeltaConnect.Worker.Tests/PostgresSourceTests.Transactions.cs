using System.Text.Json;
using DeltaConnect.Runtime.Storage;

namespace DeltaConnect.Worker.Tests;

/// <summary>Transaction metadata: BEGIN/END events on &lt;prefix&gt;.transaction and the transaction block of change events.</summary>
public sealed partial class PostgresSourceTests
{
    [Fact]
    public async Task Transaction_metadata_frames_each_captured_transaction_with_BEGIN_and_END_events()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE orders (id int PRIMARY KEY); CREATE TABLE lines (id int PRIMARY KEY); CREATE TABLE other (id int PRIMARY KEY)");
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>(Connector(database, prefix))
        {
            ["provide.transaction.metadata"] = "true",
            ["table.include.list"] = "public.orders,public.lines",
        });
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);

        await Sql.ExecuteAsync(connectionString, "BEGIN; INSERT INTO orders VALUES (1); INSERT INTO other VALUES (1); INSERT INTO lines VALUES (10), (11); INSERT INTO orders VALUES (2); COMMIT");
        // A transaction of uncaptured tables only has no metadata events.
        await Sql.ExecuteAsync(connectionString, "INSERT INTO other VALUES (2)");
        await Sql.ExecuteAsync(connectionString, "DELETE FROM lines WHERE id = 11");

        var metadata = scenario.ReadTopic($"{prefix}.transaction", expectedAtLeast: 4).Select(r => (Key: Payload(r.Message.Key), Value: Payload(r.Message.Value))).ToList();
        Assert.Equal(["BEGIN", "END", "BEGIN", "END"], metadata.Select(m => m.Value.GetProperty("status").GetString()));
        var id = metadata[0].Value.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9]+:[0-9]+$", id);
        Assert.Equal(id, metadata[0].Key.GetProperty("id").GetString());
        Assert.Equal(id, metadata[1].Value.GetProperty("id").GetString());
        Assert.NotEqual(id, metadata[2].Value.GetProperty("id").GetString());
        Assert.Equal(4, metadata[1].Value.GetProperty("event_count").GetInt64());
        Assert.Equal(
            [("public.orders", 2L), ("public.lines", 2L)],
            metadata[1].Value.GetProperty("data_collections").EnumerateArray().Select(c => (c.GetProperty("data_collection").GetString(), c.GetProperty("event_count").GetInt64())));
        Assert.Equal(1, metadata[3].Value.GetProperty("event_count").GetInt64());

        // Each change event's transaction block: the id, its order in the transaction and in its table.
        var blocks = scenario.ReadTopic($"{prefix}.public.orders", expectedAtLeast: 2).Concat(scenario.ReadTopic($"{prefix}.public.lines", expectedAtLeast: 3))
            .Where(r => r.Message.Value is not null)
            .Select(r => Payload(r.Message.Value).GetProperty("transaction"))
            .Where(t => t.GetProperty("id").GetString() == id)
            .Select(t => (t.GetProperty("total_order").GetInt64(), t.GetProperty("data_collection_order").GetInt64()))
            .Order()
            .ToList();
        Assert.Equal([(1L, 1L), (2L, 1L), (3L, 2L), (4L, 2L)], blocks);
    }
}
