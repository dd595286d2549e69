using DeltaConnect.Runtime.Storage;

namespace DeltaConnect.Worker.Tests;

/// <summary>Transactions larger than logical_decoding_work_mem, which Postgres 14+ streams while they run.</summary>
public sealed partial class PostgresSourceTests
{
    [Fact]
    public async Task Streamed_large_transactions_are_emitted_at_commit_and_dropped_when_aborted()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        // The walsender of this database's slot decodes with 64 kB of memory: every transaction below goes over it.
        await Sql.ExecuteAsync(connectionString, $"ALTER DATABASE {database} SET logical_decoding_work_mem = '64kB'; CREATE TABLE big (id int PRIMARY KEY, pad text)");
        var prefix = scenario.Topic("pg");
        var slot = "s_" + Guid.NewGuid().ToString("N")[..10];
        await scenario.CreateConnectorAsync("pg", Connector(database, prefix, slot));
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);

        await Sql.ExecuteAsync(connectionString, "INSERT INTO big SELECT i, repeat('x', 100) FROM generate_series(1, 3000) i");
        await Sql.ExecuteAsync(connectionString, "BEGIN; INSERT INTO big SELECT i, repeat('y', 100) FROM generate_series(5001, 8000) i; ROLLBACK");
        // A savepoint rolled back inside a large committed transaction: only its own rows are dropped.
        await Sql.ExecuteAsync(connectionString, """
            BEGIN;
            INSERT INTO big SELECT i, repeat('z', 100) FROM generate_series(10001, 12000) i;
            SAVEPOINT sp;
            INSERT INTO big SELECT i, repeat('w', 100) FROM generate_series(20001, 22000) i;
            ROLLBACK TO SAVEPOINT sp;
            UPDATE big SET pad = 'updated' WHERE id <= 1000;
            COMMIT
            """);
        await Sql.ExecuteAsync(connectionString, "INSERT INTO big VALUES (-1, 'last')");

        var events = scenario.ReadTopic($"{prefix}.public.big", expectedAtLeast: 6001).Select(r => Payload(r.Message.Value)).ToList();
        var keys = events.Select(e => (Op: e.GetProperty("op").GetString(), Id: e.GetProperty("after").GetProperty("id").GetInt32())).ToList();
        Assert.Equal(
            Enumerable.Range(1, 3000).Select(i => ("c", i)).Concat(Enumerable.Range(10001, 2000).Select(i => ("c", i))).Concat(Enumerable.Range(1, 1000).Select(i => ("u", i))).Append(("c", -1)),
            keys.Select(k => (k.Op!, k.Id)));
        Assert.Equal("updated", events[^2].GetProperty("after").GetProperty("pad").GetString());
        // The server did stream them (not just send them whole at commit); the walsender reports its statistics lazily.
        var streamed = 0L;
        for (var until = DateTime.UtcNow + TimeSpan.FromSeconds(20); streamed < 2 && DateTime.UtcNow < until; await Task.Delay(250, TestContext.Current.CancellationToken))
        {
            streamed = await Sql.ScalarAsync<long>(connectionString, $"SELECT coalesce((SELECT stream_txns FROM pg_stat_replication_slots WHERE slot_name = '{slot}'), 0)");
        }

        Assert.True(streamed >= 2, $"the two large transactions should have been streamed (stream_txns = {streamed})");
    }
}
