using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Testing.Servers;
using Npgsql;

namespace DeltaConnect.Worker.Tests;

/// <summary>A worker killed with SIGKILL mid-stream, and restarted, loses nothing (at-least-once).</summary>
public sealed partial class CrashRecoveryTests(PostgresFixture postgres)
{
    private const int Records = 20_000;
    private const int BatchSize = 100;
    private const int IntervalMs = 50;
    private const int FlushIntervalMs = 1000;

    [Fact]
    public async Task Kill_9_of_the_worker_mid_stream_then_restart_loses_no_record_and_duplicates_stay_bounded()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = TestRunDirectory.CreateServerDirectory("crash");
        try
        {
            var output = Path.Combine(directory, "output.txt");
            var source = await WorkerProcess.WriteGeneratorAsync(directory, Records, BatchSize, IntervalMs, ct);
            var sink = Path.Combine(directory, "sink.json");
            await File.WriteAllTextAsync(sink, $$$"""
                {"name": "file-sink", "config": {"connector.class": "FileStreamSinkConnector", "topics": "generated", "file": {{{System.Text.Json.JsonSerializer.Serialize(output)}}}}}
                """, ct);
            var brokerAddress = $"127.0.0.1:{FreePort.Next()}";
            var arguments = WorkerProcess.StandaloneArguments(directory, brokerAddress, FlushIntervalMs, source, sink);

            var worker = new WorkerProcess(directory, arguments);
            List<long> beforeRestart;
            await using (worker)
            {
                await worker.StartAsync(ct);
                await WorkerScenario.WaitForLinesAsync(output, Records / 5, TimeSpan.FromSeconds(120));
                // The sink has committed past the first hundred records (the source flushed its offsets well before: the
                // generator needs two flush intervals for the lines above).
                await WorkerScenario.WaitForCommittedAsync(brokerAddress, "connect-file-sink", new Dictionary<TopicPartition, long> { [new TopicPartition("generated", 0)] = 100 });
                await worker.KillAsync();
                beforeRestart = Sequences(output);
                Assert.True(beforeRestart.Distinct().Count() < Records, "the kill should happen mid-stream");

                await worker.StartAsync(ct);
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(180);
                while (Sequences(output).Distinct().Count() < Records && DateTime.UtcNow < until)
                {
                    await Task.Delay(200, ct);
                }
            }

            var all = Sequences(output);
            var distinct = all.ToHashSet();
            Assert.Equal(Enumerable.Range(0, Records).Select(i => (long)i), distinct.Order());
            var duplicates = all.Count - distinct.Count;
            var measurement = $"worker kill -9: {all.Count} lines for {Records} records, {duplicates} duplicate(s) (offset.flush.interval.ms={FlushIntervalMs}, generator {BatchSize} records every {IntervalMs} ms)";
            TestContext.Current.TestOutputHelper!.WriteLine(measurement);
            await File.AppendAllTextAsync(Path.Combine(TestRunDirectory.LogDirectory, "measurements.txt"), measurement + "\n", ct);
            // Redone work is what the source produced since its last offset flush and what the sink wrote since its last
            // commit (each within one offset.flush.interval.ms of the kill, however many records the machine managed in
            // that time). What does not depend on the machine's speed: the restart resumed from stored offsets, so the
            // records written long before the kill — the first hundred, committed by the sink and flushed by the source
            // well before it — are not written again. A replay from the beginning would repeat every one of them.
            var repeatedEarly = all.Where(s => s < 100).GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(repeatedEarly.Count < 100, "every one of the first 100 records was written again: the restart replayed from the beginning");
            if (repeatedEarly.Count > 0)
            {
                // Not a loss, and allowed by at-least-once, but unexpected: recorded so it is looked into.
                await File.AppendAllTextAsync(Path.Combine(TestRunDirectory.LogDirectory, "measurements.txt"), $"worker kill -9: records written twice although committed long before the kill: {string.Join(", ", repeatedEarly)}\n", ct);
            }
        }
        finally
        {
            TestRunDirectory.RemoveServerDirectory(directory);
        }
    }

    [Fact]
    public async Task Kill_9_of_a_worker_running_a_stateful_processor_then_restart_forwards_every_change()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = TestRunDirectory.CreateServerDirectory("crash-processor");
        try
        {
            var output = Path.Combine(directory, "output.txt");
            var brokerAddress = $"127.0.0.1:{FreePort.Next()}";
            var source = await WorkerProcess.WriteGeneratorAsync(directory, Records, BatchSize, IntervalMs, ct);
            var processor = Path.Combine(directory, "dedup.json");
            var sink = Path.Combine(directory, "sink.json");
            await File.WriteAllTextAsync(processor, """
                {"name": "dedup", "config": {"connector.class": "Deduplicate", "topics": "generated"}}
                """, ct);
            await File.WriteAllTextAsync(sink, $$$"""
                {"name": "file-sink", "config": {"connector.class": "FileStreamSinkConnector", "topics": "generated-deduplicated", "file": {{{System.Text.Json.JsonSerializer.Serialize(output)}}}}}
                """, ct);
            var arguments = WorkerProcess.StandaloneArguments(directory, brokerAddress, FlushIntervalMs, source, processor, sink);

            var worker = new WorkerProcess(directory, arguments);
            int generated, forwarded;
            await using (worker)
            {
                await worker.StartAsync(ct);
                await WorkerScenario.WaitForLinesAsync(output, Records / 5, TimeSpan.FromSeconds(120));
                await worker.KillAsync();
                Assert.True(Sequences(output).Distinct().Count() < Records, "the kill should happen mid-stream");

                await worker.StartAsync(ct);
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(180);
                while (Sequences(output).Distinct().Count() < Records && DateTime.UtcNow < until)
                {
                    await Task.Delay(200, ct);
                }

                generated = WorkerScenario.ReadTopic(brokerAddress, "generated").Count;
                forwarded = WorkerScenario.ReadTopic(brokerAddress, "generated-deduplicated").Count;
            }

            var all = Sequences(output);
            Assert.Equal(Enumerable.Range(0, Records).Select(i => (long)i), all.ToHashSet().Order());
            var measurement = $"worker kill -9 with a Deduplicate processor: source wrote {generated} records for {Records} ({generated - Records} redelivered), processor forwarded {forwarded} ({forwarded - Records} duplicate(s)), sink wrote {all.Count} lines";
            TestContext.Current.TestOutputHelper!.WriteLine(measurement);
            await File.AppendAllTextAsync(Path.Combine(TestRunDirectory.LogDirectory, "measurements.txt"), measurement + "\n", ct);
            Assert.True(forwarded >= Records, $"the processor forwarded {forwarded} records for {Records} distinct changes");
        }
        finally
        {
            TestRunDirectory.RemoveServerDirectory(directory);
        }
    }

    [Fact]
    public async Task Kill_9_of_a_worker_streaming_from_Postgres_loses_no_change()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = postgres.Server;
        var database = "db_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = await server.CreateDatabaseAsync(database, ct);
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
        var directory = TestRunDirectory.CreateServerDirectory("crash-postgres");
        var slot = "s_" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            var brokerAddress = $"127.0.0.1:{FreePort.Next()}";
            var connector = await WritePostgresConnectorAsync(directory, database, slot);
            var arguments = WorkerProcess.StandaloneArguments(directory, brokerAddress, FlushIntervalMs, connector);
            const int Transactions = 400;

            var worker = new WorkerProcess(directory, arguments);
            await using (worker)
            {
                await worker.StartAsync(ct);
                // Start writing once streaming runs, so every change reaches the topic as a change event.
                await WaitForSlotAsync(connectionString, slot);
                // Each transaction inserts five accounts and moves money on five earlier ones, while the worker runs, dies
                // and comes back.
                var writer = Task.Run(
                    async () =>
                    {
                        for (var t = 0; t < Transactions; t++)
                        {
                            var inserts = string.Join(", ", Enumerable.Range(t * 5, 5).Select(i => $"({i}, 0)"));
                            await Sql.ExecuteAsync(connectionString, $"BEGIN; INSERT INTO accounts VALUES {inserts}; UPDATE accounts SET balance = balance + 1 WHERE id % 5 = {t % 5} AND id < {t * 5}; COMMIT;");
                        }
                    },
                    ct);
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(120);
                while (CountRecords(brokerAddress, "crash.public.accounts") < 500)
                {
                    Assert.True(DateTime.UtcNow < until, "the connector did not stream 500 changes within 2 minutes");
                    await Task.Delay(200, ct);
                }

                var countAtKill = CountRecords(brokerAddress, "crash.public.accounts");
                await worker.KillAsync();
                await Task.Delay(500, ct);
                await worker.StartAsync(ct);
                await writer;

                // Everything committed reaches the topic; the latest event of each key equals the table.
                var expected = await ReadTableAsync(connectionString, ct);
                Dictionary<int, int> latest = [];
                until = DateTime.UtcNow + TimeSpan.FromSeconds(120);
                while (true)
                {
                    latest = LatestBalances(brokerAddress, "crash.public.accounts");
                    if (latest.Count == expected.Count && expected.All(e => latest.GetValueOrDefault(e.Key, -1) == e.Value))
                    {
                        break;
                    }

                    Assert.True(DateTime.UtcNow < until, $"the topic's latest balances differ from the table for {expected.Count(e => latest.GetValueOrDefault(e.Key, -1) != e.Value)} of {expected.Count} accounts");
                    await Task.Delay(500, ct);
                }

                var events = WorkerScenario.ReadTopic(brokerAddress, "crash.public.accounts", 0, TimeSpan.FromSeconds(30));
                var total = events.Count(r => r.Message.Value is not null);
                var inserted = events.Where(r => r.Message.Value is not null).Select(r => System.Text.Json.JsonDocument.Parse(r.Message.Value!).RootElement)
                    .Where(e => e.GetProperty("op").GetString() == "c").Select(e => e.GetProperty("after").GetProperty("id").GetInt32()).ToHashSet();
                if (!expected.Keys.Order().SequenceEqual(inserted.Order()))
                {
                    // Say where the topic starts and what it holds there, so a failure can be told apart: lost data,
                    // a log that starts late, or events that were never produced.
                    var head = string.Join("; ", events.Take(5).Select(r => $"offset {r.Offset.Value}: {(r.Message.Value is null ? "tombstone" : System.Text.Encoding.UTF8.GetString(r.Message.Value))}"));
                    Assert.Fail($"{inserted.Count} of {expected.Count} inserts are in the topic (first missing id {expected.Keys.Order().First(k => !inserted.Contains(k))}); {events.Count} records, offsets {events.FirstOrDefault()?.Offset.Value}..{events.LastOrDefault()?.Offset.Value}; {countAtKill} records before the kill. Head: {head}");
                }

                var changes = expected.Count + expected.Values.Sum();
                var measurement = $"worker kill -9 while streaming from Postgres: {total} change events in the topic for {changes} changes ({total - changes} redelivered), latest event per key equals the table";
                TestContext.Current.TestOutputHelper!.WriteLine(measurement);
                await File.AppendAllTextAsync(Path.Combine(TestRunDirectory.LogDirectory, "measurements.txt"), measurement + "\n", ct);
                Assert.True(total >= changes, $"{total} events for {changes} changes");
            }
        }
        finally
        {
            TestRunDirectory.RemoveServerDirectory(directory);
        }
    }

    /// <summary>The connector file of a Postgres source (topic prefix "crash", JSON without schemas), plus <paramref name="extra"/> settings.</summary>
    private async Task<string> WritePostgresConnectorAsync(string directory, string database, string slot, IReadOnlyDictionary<string, string>? extra = null)
    {
        var server = postgres.Server;
        var config = new Dictionary<string, string>
        {
            ["connector.class"] = "io.debezium.connector.postgresql.PostgresConnector",
            ["database.hostname"] = server.Host,
            ["database.port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["database.user"] = server.Username,
            ["database.password"] = server.Password,
            ["database.dbname"] = database,
            ["topic.prefix"] = "crash",
            ["slot.name"] = slot,
            ["value.converter.schemas.enable"] = "false",
            ["key.converter.schemas.enable"] = "false",
            ["value.converter"] = "org.apache.kafka.connect.json.JsonConverter",
            ["key.converter"] = "org.apache.kafka.connect.json.JsonConverter",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        var path = Path.Combine(directory, "postgres.json");
        await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(new { name = "pg", config }), TestContext.Current.CancellationToken);
        return path;
    }

    /// <summary>
    /// Waits until the connector is attached to its slot and the slot has its consistent point: every transaction that
    /// commits afterwards is streamed. A slot is already active while it is being created, before that point;
    /// changes committed then reach the topic only through the initial snapshot (as <c>op: r</c>), not as changes.
    /// </summary>
    private static async Task WaitForSlotAsync(string connectionString, string slot)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await Sql.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM pg_replication_slots WHERE slot_name = '{slot}' AND active AND confirmed_flush_lsn IS NOT NULL") == 0)
        {
            Assert.True(DateTime.UtcNow < until, $"the connector never started streaming from slot {slot}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static int CountRecords(string bootstrap, string topic)
    {
        try
        {
            return WorkerScenario.ReadTopic(bootstrap, topic, 0, TimeSpan.FromSeconds(30)).Count;
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException)
        {
            return 0;
        }
    }

    private static Dictionary<int, int> LatestBalances(string bootstrap, string topic)
    {
        var latest = new Dictionary<int, int>();
        foreach (var record in WorkerScenario.ReadTopic(bootstrap, topic, 0, TimeSpan.FromSeconds(30)).Where(r => r.Message.Value is not null))
        {
            var after = System.Text.Json.JsonDocument.Parse(record.Message.Value!).RootElement.GetProperty("after");
            latest[after.GetProperty("id").GetInt32()] = after.GetProperty("balance").GetInt32();
        }

        return latest;
    }

    private static async Task<Dictionary<int, int>> ReadTableAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, balance FROM accounts", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<int, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        return rows;
    }

    private static List<long> Sequences(string path) =>
        [.. WorkerScenario.ReadShared(path).Select(line => SeqField().Match(line)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"seq=(\d+)")]
    private static partial Regex SeqField();
}
