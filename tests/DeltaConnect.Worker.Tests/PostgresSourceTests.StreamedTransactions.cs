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

    [Fact]
    public async Task A_restart_in_the_middle_of_a_streamed_transaction_loses_none_of_its_changes_and_keeps_the_slot_before_it()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, $"ALTER DATABASE {database} SET logical_decoding_work_mem = '64kB'; CREATE TABLE big (id int PRIMARY KEY, pad text)");
        var prefix = scenario.Topic("pg");
        var topic = $"{prefix}.public.big";
        var slot = "s_" + Guid.NewGuid().ToString("N")[..10];
        // Heartbeats and status updates while the transaction streams: they must not move the slot past it.
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>(Connector(database, prefix, slot)) { ["status.update.interval.ms"] = "100", ["heartbeat.interval.ms"] = "100" });
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        await Sql.ExecuteAsync(connectionString, "INSERT INTO big SELECT i, 'before' FROM generate_series(1, 10) i");
        Assert.Equal(10, scenario.ReadTopic(topic, expectedAtLeast: 10).Count);

        // A large transaction, left open: the walsender streams its changes (Stream Start/Stop blocks) to the task.
        await using var open = await OpenStreamedTransaction.StartAsync(connectionString, slot, "big", 1001, 4000);

        // Let heartbeats and status updates run while the transaction is open, then restart the worker.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        await scenario.StopWorkerAsync();
        Assert.Equal(10, scenario.ReadTopic(topic).Count);
        // The slot keeps the WAL of the open transaction: decoding restarts before its first change.
        Assert.True(await open.SlotKeepsItAsync(connectionString, slot), $"the slot's restart_lsn moved past the open transaction's start {open.First}");

        await scenario.StartWorkerAsync();
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        await open.InsertAsync(4001, 5000, 'y');
        await open.CommitAsync();
        await Sql.ExecuteAsync(connectionString, "INSERT INTO big VALUES (-1, 'last')");

        var events = scenario.ReadTopic(topic, expectedAtLeast: 4011).Select(r => Payload(r.Message.Value)).ToList();
        var ids = events.Skip(10).Select(e => (Op: e.GetProperty("op").GetString(), Id: e.GetProperty("after").GetProperty("id").GetInt32())).ToList();
        // Every change of the transaction exactly once (the restart came before its commit, so nothing of it was stored), then the next one.
        Assert.Equal(Enumerable.Range(1001, 4000).Select(i => ("c", i)).Append(("c", -1)), ids.Select(e => (e.Op!, e.Id)));

        // Once the commit is stored the slot moves on.
        var committed = await Sql.ScalarAsync<string>(connectionString, "SELECT pg_current_wal_lsn()::text");
        for (var until = DateTime.UtcNow + TimeSpan.FromSeconds(30); !await Sql.ScalarAsync<bool>(connectionString, $"SELECT confirmed_flush_lsn >= '{committed}'::pg_lsn FROM pg_replication_slots WHERE slot_name = '{slot}'");)
        {
            Assert.True(DateTime.UtcNow < until, $"the slot's confirmed_flush_lsn never passed the committed transactions (WAL at {committed})");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
