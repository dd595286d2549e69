using DeltaConnect.Runtime.Storage;
using Npgsql;

namespace DeltaConnect.Worker.Tests;

/// <summary>Ad-hoc snapshots of part of a table: a primary-key range, a list of keys, an additional-conditions filter.</summary>
public sealed partial class PostgresSourceTests
{
    [Fact]
    public async Task Ad_hoc_snapshots_of_a_key_range_a_key_list_and_a_filter_re_emit_only_the_selected_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE part (id int PRIMARY KEY, v int NOT NULL); INSERT INTO part SELECT i, 0 FROM generate_series(1, 500) i");
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>(Connector(database, prefix)) { ["incremental.snapshot.chunk.size"] = "40" });
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        var topic = $"{prefix}.public.part";

        // A key range, while a writer with a 100 ms lock timeout updates keys inside and outside it.
        var touched = new HashSet<int>();
        var writer = Task.Run(
            async () =>
            {
                var random = new Random(11);
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                await using (var setTimeout = new NpgsqlCommand("SET lock_timeout = '100ms'", connection))
                {
                    await setTimeout.ExecuteNonQueryAsync(ct);
                }

                for (var i = 0; i < 300; i++)
                {
                    var id = random.Next(1, 501);
                    touched.Add(id);
                    await using var command = new NpgsqlCommand($"UPDATE part SET v = v + 1 WHERE id = {id}", connection);
                    await command.ExecuteNonQueryAsync(ct);
                }
            },
            ct);
        await Sql.ExecuteAsync(connectionString, """
            INSERT INTO deltaconnect_signal VALUES ('range-1', 'execute-snapshot',
              '{"data-collections": ["public.part"], "additional-conditions": [{"data-collection": "public.part", "key-range": {"from": [100], "to": [299]}}]}')
            """);
        await writer;

        // A list of keys (with one that does not exist): as a later request it also marks the end of the range snapshot.
        await Sql.ExecuteAsync(connectionString, """
            INSERT INTO deltaconnect_signal VALUES ('keys-1', 'execute-snapshot',
              '{"data-collections": ["public.part"], "additional-conditions": [{"data-collection": "public.part", "keys": [5, [7], 9999]}]}')
            """);
        var events = await WaitForEventsAsync(scenario, topic, e => e.Any(x => x.Read == 5) && e.Any(x => x.Read == 7));
        var afterRange = events.FindIndex(e => e.Read is 5 or 7);
        var rangeReads = events.Take(afterRange).Where(e => e.Read is not null).Select(e => e.Read!.Value).ToList();
        Assert.All(rangeReads, id => Assert.InRange(id, 100, 299));
        // Every key of the range the writer did not touch was read; touched ones may have been dropped in favour of their change events.
        Assert.Empty(Enumerable.Range(100, 200).Where(id => !touched.Contains(id)).Except(rangeReads));
        Assert.Equal([5, 7], events.Skip(afterRange).Where(e => e.Read is not null).Select(e => e.Read!.Value).Order());

        // The latest event per key equals the table.
        var table = await TableAsync(connectionString);
        var latest = new Dictionary<int, int>();
        foreach (var e in events)
        {
            latest[e.Id] = e.V;
        }

        // The rows existed before the connector started (snapshot.mode=no_data): only changed and snapshotted keys have events.
        Assert.Equal(touched.Union(Enumerable.Range(100, 200)).Union([5, 7]).Order(), latest.Keys.Order());
        Assert.Equal(latest.OrderBy(l => l.Key), table.Where(t => latest.ContainsKey(t.Key)).OrderBy(t => t.Key));

        // Debezium's additional-conditions filter (SQL, as Debezium takes it); then key 500 alone, to mark its end.
        await Sql.ExecuteAsync(connectionString, """
            INSERT INTO deltaconnect_signal VALUES ('filter-1', 'execute-snapshot',
              '{"data-collections": ["public.part"], "additional-conditions": [{"data-collection": "public.part", "filter": "v > 0 AND id < 60"}]}');
            INSERT INTO deltaconnect_signal VALUES ('keys-2', 'execute-snapshot',
              '{"data-collections": ["public.part"], "additional-conditions": [{"data-collection": "public.part", "keys": [[500]]}]}');
            """);
        var expected = table.Where(t => t.Value > 0 && t.Key < 60).Select(t => t.Key).Order().ToList();
        Assert.NotEmpty(expected);
        var all = await WaitForEventsAsync(scenario, topic, e => e.Skip(events.Count).Any(x => x.Read == 500));
        Assert.Equal([.. expected, 500], all.Skip(events.Count).Where(e => e.Read is not null).Select(e => e.Read!.Value));
    }

    [Theory]
    [InlineData("{\"data-collection\": \"public.part\", \"filter\": \"no_such_column > 1\"}", "the additional-conditions filter 'no_such_column > 1' is not a valid condition")]
    [InlineData("{\"data-collection\": \"public.part\", \"keys\": [[1, 2]]}", "has 2 value(s) but the primary key has 1 column(s) (id)")]
    [InlineData("{\"data-collection\": \"public.other\", \"keys\": [1]}", "listed in \"data-collections\"")]
    public async Task An_invalid_ad_hoc_snapshot_signal_fails_the_task_naming_the_problem(string condition, string expected)
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE part (id int PRIMARY KEY, v int NOT NULL)");
        await scenario.CreateConnectorAsync("pg", Connector(database, scenario.Topic("pg")));
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        await Sql.ExecuteAsync(connectionString, $$"""INSERT INTO deltaconnect_signal VALUES ('bad-1', 'execute-snapshot', '{"data-collections": ["public.part"], "additional-conditions": [{{condition.Replace("'", "''", StringComparison.Ordinal)}}]}')""");

        var status = await scenario.WaitForTaskStateAsync("pg", WorkerState.Failed);
        Assert.Contains(expected, status.Trace, StringComparison.Ordinal);
    }

    /// <summary>The events of <paramref name="topic"/> as (id, v, id when a snapshot read), once <paramref name="done"/> holds.</summary>
    private static async Task<List<(int Id, int V, int? Read)>> WaitForEventsAsync(WorkerScenario scenario, string topic, Func<List<(int Id, int V, int? Read)>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var events = scenario.ReadTopic(topic).Where(r => r.Message.Value is not null).Select(r => Payload(r.Message.Value)).Select(e =>
            {
                var row = e.GetProperty("after");
                var id = row.GetProperty("id").GetInt32();
                return (Id: id, V: row.GetProperty("v").GetInt32(), Read: e.GetProperty("op").GetString() == "r" ? id : (int?)null);
            }).ToList();
            if (done(events))
            {
                return events;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{topic}: the awaited snapshot rows did not arrive ({events.Count} events)");
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<Dictionary<int, int>> TableAsync(string connectionString)
    {
        var table = new Dictionary<int, int>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, v FROM part", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            table[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        return table;
    }
}
