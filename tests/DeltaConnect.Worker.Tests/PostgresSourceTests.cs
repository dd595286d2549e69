using System.Text.Json;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Testing.Fixtures;
using Npgsql;

namespace DeltaConnect.Worker.Tests;

/// <summary>
/// The Postgres connector against the real Postgres 15 of the test infrastructure and the embedded broker: change
/// events in Debezium's envelope, type mapping, resuming from stored offsets, the slot's flushed position, and
/// validation that names the cause.
/// </summary>
public sealed partial class PostgresSourceTests(BrokerFixture broker, PostgresFixture postgres)
{
    [Fact]
    public async Task Inserts_updates_and_deletes_arrive_as_Debezium_change_events_in_commit_order()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, """
            CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2), note text);
            CREATE TABLE audit (id int PRIMARY KEY, what text);
            ALTER TABLE audit REPLICA IDENTITY FULL;
            """);
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", Connector(database, prefix));
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);

        await Sql.ExecuteAsync(connectionString, "INSERT INTO orders VALUES (1, 'ada', 10.50, 'first'), (2, 'bob', 20.00, null)");
        await Sql.ExecuteAsync(connectionString, "UPDATE orders SET amount = 11.25 WHERE id = 1");
        await Sql.ExecuteAsync(connectionString, "DELETE FROM orders WHERE id = 2");
        await Sql.ExecuteAsync(connectionString, "INSERT INTO audit VALUES (7, 'x'); UPDATE audit SET what = 'y' WHERE id = 7; DELETE FROM audit WHERE id = 7");

        var orders = scenario.ReadTopic($"{prefix}.public.orders", expectedAtLeast: 5);
        Assert.Equal(5, orders.Count);
        var events = orders.Select(r => (Key: Payload(r.Message.Key), Value: r.Message.Value is null ? (JsonElement?)null : Payload(r.Message.Value))).ToList();
        Assert.Equal(["c", "c", "u", "d", null], events.Select(e => e.Value?.GetProperty("op").GetString()));
        Assert.Equal([1, 2, 1, 2, 2], events.Select(e => e.Key.GetProperty("id").GetInt32()));
        var insert = events[0].Value!.Value;
        Assert.Equal(JsonValueKind.Null, insert.GetProperty("before").ValueKind);
        Assert.Equal("ada", insert.GetProperty("after").GetProperty("customer").GetString());
        Assert.Equal(10.50m, insert.GetProperty("after").GetProperty("amount").GetDecimal());
        var source = insert.GetProperty("source");
        Assert.Equal("postgresql", source.GetProperty("connector").GetString());
        Assert.Equal(prefix, source.GetProperty("name").GetString());
        Assert.Equal(database, source.GetProperty("db").GetString());
        Assert.Equal("public", source.GetProperty("schema").GetString());
        Assert.Equal("orders", source.GetProperty("table").GetString());
        Assert.True(source.GetProperty("lsn").GetInt64() > 0);
        Assert.True(source.GetProperty("txId").GetInt64() > 0);
        Assert.Equal(11.25m, events[2].Value!.Value.GetProperty("after").GetProperty("amount").GetDecimal());
        // REPLICA IDENTITY DEFAULT: the delete's before image carries the key only.
        var deleted = events[3].Value!.Value.GetProperty("before");
        Assert.Equal(2, deleted.GetProperty("id").GetInt32());
        Assert.Equal(JsonValueKind.Null, deleted.GetProperty("customer").ValueKind);
        Assert.Equal(JsonValueKind.Null, events[3].Value!.Value.GetProperty("after").ValueKind);
        Assert.True(events[2].Value!.Value.GetProperty("source").GetProperty("lsn").GetInt64() > source.GetProperty("lsn").GetInt64());

        // REPLICA IDENTITY FULL: updates and deletes carry the whole before image.
        var audit = scenario.ReadTopic($"{prefix}.public.audit", expectedAtLeast: 4).Where(r => r.Message.Value is not null).Select(r => Payload(r.Message.Value)).ToList();
        Assert.Equal(["c", "u", "d"], audit.Select(e => e.GetProperty("op").GetString()));
        Assert.Equal("x", audit[1].GetProperty("before").GetProperty("what").GetString());
        Assert.Equal("y", audit[2].GetProperty("before").GetProperty("what").GetString());
    }

    [Fact]
    public async Task Column_types_map_to_Debezium_semantic_types()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE typed (
              id bigint PRIMARY KEY, small smallint, flag boolean, price numeric(12,3), free numeric, ratio double precision, r real,
              name varchar(20), payload bytea, uid uuid, doc jsonb, day date, at_time time, ts timestamp, tstz timestamptz,
              span interval, tags text[], nums int[], feeling mood);
            """);
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", Connector(database, prefix));
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        await Sql.ExecuteAsync(connectionString, """
            INSERT INTO typed VALUES (
              9000000000, -3, true, 12345.678, -0.000123456789012345678901234567890, 1.5e300, 0.25,
              'héllo', '\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2]}', '2024-02-29', '13:14:15.123456',
              '2024-02-29 13:14:15.5', '2024-02-29 13:14:15.25+02', '1 day 02:00:00.5', ARRAY['a', 'b c', NULL, 'd"e'], '{1,2,3}', 'happy');
            """);

        var record = Assert.Single(scenario.ReadTopic($"{prefix}.public.typed", expectedAtLeast: 1));
        using var document = JsonDocument.Parse(record.Message.Value!);
        var fields = document.RootElement.GetProperty("schema").GetProperty("fields").EnumerateArray().First(f => f.GetProperty("field").GetString() == "after")
            .GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!, f => f);
        var after = document.RootElement.GetProperty("payload").GetProperty("after");
        Assert.Equal(9000000000, after.GetProperty("id").GetInt64());
        Assert.Equal(-3, after.GetProperty("small").GetInt16());
        Assert.True(after.GetProperty("flag").GetBoolean());
        Assert.Equal(12345.678m, after.GetProperty("price").GetDecimal());
        Assert.Equal("org.apache.kafka.connect.data.Decimal", fields["price"].GetProperty("name").GetString());
        Assert.Equal("io.debezium.data.VariableScaleDecimal", fields["free"].GetProperty("name").GetString());
        Assert.Equal(33, after.GetProperty("free").GetProperty("scale").GetInt32());
        Assert.Equal(1.5e300, after.GetProperty("ratio").GetDouble());
        Assert.Equal(0.25f, after.GetProperty("r").GetSingle());
        Assert.Equal("héllo", after.GetProperty("name").GetString());
        Assert.Equal([0x00, 0xff, 0x10], after.GetProperty("payload").GetBytesFromBase64());
        Assert.Equal("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", after.GetProperty("uid").GetString());
        Assert.Equal("io.debezium.data.Uuid", fields["uid"].GetProperty("name").GetString());
        Assert.Equal(new[] { 1, 2 }, JsonDocument.Parse(after.GetProperty("doc").GetString()!).RootElement.GetProperty("a").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("io.debezium.data.Json", fields["doc"].GetProperty("name").GetString());
        Assert.Equal(new DateOnly(2024, 2, 29).DayNumber - new DateOnly(1970, 1, 1).DayNumber, after.GetProperty("day").GetInt32());
        Assert.Equal("io.debezium.time.Date", fields["day"].GetProperty("name").GetString());
        Assert.Equal(((13 * 3600) + (14 * 60) + 15) * 1_000_000L + 123456, after.GetProperty("at_time").GetInt64());
        Assert.Equal((new DateTime(2024, 2, 29, 13, 14, 15, 500, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10, after.GetProperty("ts").GetInt64());
        Assert.Equal("2024-02-29T11:14:15.25Z", after.GetProperty("tstz").GetString());
        Assert.Equal("io.debezium.time.ZonedTimestamp", fields["tstz"].GetProperty("name").GetString());
        Assert.Equal((26 * 3600 * 1_000_000L) + 500_000, after.GetProperty("span").GetInt64());
        Assert.Equal(["a", "b c", null, "d\"e"], after.GetProperty("tags").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()));
        Assert.Equal([1, 2, 3], after.GetProperty("nums").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("happy", after.GetProperty("feeling").GetString());
        Assert.Equal("sad,ok,happy", fields["feeling"].GetProperty("parameters").GetProperty("allowed").GetString());
    }

    [Fact]
    public async Task A_restarted_worker_resumes_from_stored_offsets_and_the_slot_advances()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE items (id int PRIMARY KEY, v int)");
        var prefix = scenario.Topic("pg");
        var slot = "s_" + Guid.NewGuid().ToString("N")[..10];
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>(Connector(database, prefix, slot)) { ["status.update.interval.ms"] = "200" });
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        for (var i = 0; i < 49; i++)
        {
            await Sql.ExecuteAsync(connectionString, $"INSERT INTO items VALUES ({i}, {i})");
        }

        var beforeLast = await Sql.ScalarAsync<string>(connectionString, "SELECT pg_current_wal_lsn()::text");
        await Sql.ExecuteAsync(connectionString, "INSERT INTO items VALUES (49, 49)");
        var topic = $"{prefix}.public.items";
        Assert.Equal(50, scenario.ReadTopic(topic, expectedAtLeast: 50).Count);

        // Once the worker stored the offsets, the slot is told: its confirmed position passes the last commit.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await Sql.ScalarAsync<bool>(connectionString, $"SELECT coalesce(confirmed_flush_lsn > '{beforeLast}'::pg_lsn, false) FROM pg_replication_slots WHERE slot_name = '{slot}'"))
        {
            Assert.True(DateTime.UtcNow < until, $"the slot's confirmed_flush_lsn never passed {beforeLast}, the position before the last insert");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await scenario.StopWorkerAsync();

        // Changes made while the worker is down arrive once it is back, after the earlier ones, none twice.
        for (var i = 50; i < 80; i++)
        {
            await Sql.ExecuteAsync(connectionString, $"INSERT INTO items VALUES ({i}, {i}); UPDATE items SET v = -{i} WHERE id = {i - 50}");
        }

        await scenario.StartWorkerAsync();
        var all = scenario.ReadTopic(topic, expectedAtLeast: 110);
        Assert.Equal(110, all.Count);
        var afterRestart = all.Skip(50).Select(r => Payload(r.Message.Value)).ToList();
        Assert.Equal(Enumerable.Range(50, 30).SelectMany(i => new[] { ("c", i), ("u", i - 50) }), afterRestart.Select(e => (e.GetProperty("op").GetString()!, e.GetProperty("after").GetProperty("id").GetInt32())));
    }

    [Fact]
    public async Task A_column_added_mid_stream_appears_in_a_new_schema_without_stopping_the_stream()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE evolving (id int PRIMARY KEY, a text)");
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", Connector(database, prefix));
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);

        await Sql.ExecuteAsync(connectionString, "INSERT INTO evolving VALUES (1, 'one')");
        await Sql.ExecuteAsync(connectionString, "ALTER TABLE evolving ADD COLUMN b bigint NOT NULL DEFAULT 7; INSERT INTO evolving VALUES (2, 'two', 42)");
        await Sql.ExecuteAsync(connectionString, "UPDATE evolving SET a = 'uno' WHERE id = 1");

        var records = scenario.ReadTopic($"{prefix}.public.evolving", expectedAtLeast: 3);
        Assert.Equal(3, records.Count);
        var documents = records.Select(r => JsonDocument.Parse(r.Message.Value!).RootElement).ToList();
        static List<string> Columns(JsonElement document) => [.. document.GetProperty("schema").GetProperty("fields").EnumerateArray()
            .First(f => f.GetProperty("field").GetString() == "after").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()!)];
        Assert.Equal(["id", "a"], Columns(documents[0]));
        Assert.Equal(["id", "a", "b"], Columns(documents[1]));
        Assert.Equal(42, documents[1].GetProperty("payload").GetProperty("after").GetProperty("b").GetInt64());
        Assert.Equal(7, documents[2].GetProperty("payload").GetProperty("after").GetProperty("b").GetInt64());
        Assert.Equal(WorkerState.Running, scenario.Host!.Herder.Status("pg").Tasks[0].Value.State);
    }

    [Fact]
    public async Task Heartbeats_keep_the_slot_advancing_while_captured_tables_are_idle()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE quiet (id int PRIMARY KEY); CREATE TABLE busy (id serial PRIMARY KEY, pad text); CREATE TABLE heartbeat (id int PRIMARY KEY, ts timestamptz)");
        var prefix = scenario.Topic("pg");
        var slot = "s_" + Guid.NewGuid().ToString("N")[..10];
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>(Connector(database, prefix, slot))
        {
            ["table.include.list"] = "public.quiet,public.heartbeat",
            ["heartbeat.interval.ms"] = "300",
            ["heartbeat.action.query"] = "INSERT INTO heartbeat VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET ts = excluded.ts",
            ["status.update.interval.ms"] = "200",
        });
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);

        // Another table writes a lot of WAL; none of it is captured.
        await Sql.ExecuteAsync(connectionString, "INSERT INTO busy (pad) SELECT repeat('x', 500) FROM generate_series(1, 20000)");
        var afterBusy = await Sql.ScalarAsync<string>(connectionString, "SELECT pg_current_wal_lsn()::text");
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await Sql.ScalarAsync<bool>(connectionString, $"SELECT coalesce(confirmed_flush_lsn > '{afterBusy}'::pg_lsn, false) FROM pg_replication_slots WHERE slot_name = '{slot}'"))
        {
            Assert.True(DateTime.UtcNow < until, $"the slot's confirmed_flush_lsn never passed {afterBusy}, the WAL written by the uncaptured table");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.NotEmpty(scenario.ReadTopic($"__debezium-heartbeat.{prefix}", expectedAtLeast: 1));
        Assert.Empty(scenario.ReadTopic($"{prefix}.public.quiet"));
    }

    [Fact]
    public async Task Existing_rows_are_snapshotted_in_chunks_then_changes_stream()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE existing (id int PRIMARY KEY, name text); INSERT INTO existing SELECT i, 'row ' || i FROM generate_series(1, 2500) i");
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>(Connector(database, prefix)) { ["snapshot.mode"] = "initial", ["incremental.snapshot.chunk.size"] = "300" });
        var topic = $"{prefix}.public.existing";
        var snapshot = scenario.ReadTopic(topic, expectedAtLeast: 2500).Select(r => Payload(r.Message.Value)).ToList();
        Assert.Equal(2500, snapshot.Count);
        Assert.All(snapshot, e => Assert.Equal("r", e.GetProperty("op").GetString()));
        Assert.Equal(Enumerable.Range(1, 2500), snapshot.Select(e => e.GetProperty("after").GetProperty("id").GetInt32()));
        Assert.Equal("row 7", snapshot[6].GetProperty("after").GetProperty("name").GetString());
        Assert.Equal("true", snapshot[0].GetProperty("source").GetProperty("snapshot").GetString());

        await Sql.ExecuteAsync(connectionString, "INSERT INTO existing VALUES (2501, 'new')");
        var all = scenario.ReadTopic(topic, expectedAtLeast: 2501);
        Assert.Equal(2501, all.Count);
        Assert.Equal("c", Payload(all[^1].Message.Value).GetProperty("op").GetString());
        // Watermarks stay out of the topics; the signal table is left empty.
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM deltaconnect_signal"));
    }

    [Fact]
    public async Task A_snapshot_under_concurrent_writes_ends_equal_to_the_table_with_each_key_in_commit_order_and_never_blocks_writers()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE hot (id int PRIMARY KEY, version int NOT NULL); INSERT INTO hot SELECT i, 0 FROM generate_series(1, 3000) i");
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>(Connector(database, prefix)) { ["snapshot.mode"] = "initial", ["incremental.snapshot.chunk.size"] = "100", ["snapshot.chunk.pause.ms"] = "20" });

        // A writer with a 100 ms lock timeout updates, deletes and inserts rows while the snapshot runs: it must never wait on a lock.
        var random = new Random(7);
        await using (var writer = new NpgsqlConnection(connectionString))
        {
            await writer.OpenAsync(TestContext.Current.CancellationToken);
            await using (var setTimeout = new NpgsqlCommand("SET lock_timeout = '100ms'", writer))
            {
                await setTimeout.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            for (var i = 0; i < 600; i++)
            {
                var id = random.Next(1, 3200);
                var sql = (i % 10) switch
                {
                    0 => $"DELETE FROM hot WHERE id = {id}",
                    1 => $"INSERT INTO hot VALUES ({id}, 0) ON CONFLICT (id) DO UPDATE SET version = hot.version + 1",
                    _ => $"UPDATE hot SET version = version + 1 WHERE id = {id}",
                };
                await using var command = new NpgsqlCommand(sql, writer);
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
        }

        var table = new Dictionary<int, int>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("SELECT id, version FROM hot", connection);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                table[reader.GetInt32(0)] = reader.GetInt32(1);
            }
        }

        var topic = $"{prefix}.public.hot";
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var events = scenario.ReadTopic(topic).Where(r => r.Message.Value is not null).Select(r => Payload(r.Message.Value)).ToList();
            var latest = new Dictionary<int, int?>();
            var versions = new Dictionary<int, List<int>>();
            foreach (var e in events)
            {
                var row = e.GetProperty(e.GetProperty("op").GetString() == "d" ? "before" : "after");
                var id = row.GetProperty("id").GetInt32();
                latest[id] = e.GetProperty("op").GetString() == "d" ? null : row.GetProperty("version").GetInt32();
                if (e.GetProperty("op").GetString() != "d")
                {
                    (versions.TryGetValue(id, out var list) ? list : versions[id] = []).Add(row.GetProperty("version").GetInt32());
                }
            }

            var present = latest.Where(l => l.Value is not null).ToDictionary(l => l.Key, l => l.Value!.Value);
            if (present.Count == table.Count && table.All(t => present.GetValueOrDefault(t.Key, -1) == t.Value))
            {
                // A snapshot row never follows a newer change of its key (versions only go up, except after a delete and re-insert).
                foreach (var (id, list) in versions)
                {
                    for (var i = 1; i < list.Count; i++)
                    {
                        Assert.True(list[i] >= list[i - 1] || list[i] == 0, $"key {id}: versions {string.Join(",", list)} out of commit order");
                    }
                }

                break;
            }

            Assert.True(DateTime.UtcNow < until, $"the topic's latest rows differ from the table for {table.Count(t => present.GetValueOrDefault(t.Key, -1) != t.Value)} of {table.Count} keys ({present.Count} present)");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_restart_mid_snapshot_resumes_after_the_last_completed_chunk()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE big (id int PRIMARY KEY, v text); INSERT INTO big SELECT i, md5(i::text) FROM generate_series(1, 3000) i");
        var prefix = scenario.Topic("pg");
        const int ChunkSize = 100;
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>(Connector(database, prefix)) { ["snapshot.mode"] = "initial", ["incremental.snapshot.chunk.size"] = $"{ChunkSize}", ["snapshot.chunk.pause.ms"] = "100" });
        var topic = $"{prefix}.public.big";
        scenario.ReadTopic(topic, expectedAtLeast: 600);
        await scenario.StopWorkerAsync();
        var beforeRestart = scenario.ReadTopic(topic).Count;
        Assert.True(beforeRestart < 3000, "the snapshot should have been stopped part-way");

        await scenario.StartWorkerAsync();
        var ids = scenario.ReadTopic(topic, expectedAtLeast: 3000).Select(r => Payload(r.Message.Value).GetProperty("after").GetProperty("id").GetInt32()).ToList();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ids.Distinct().Count() < 3000 && DateTime.UtcNow < until)
        {
            await Task.Delay(300, TestContext.Current.CancellationToken);
            ids = scenario.ReadTopic(topic).Select(r => Payload(r.Message.Value).GetProperty("after").GetProperty("id").GetInt32()).ToList();
        }

        Assert.Equal(Enumerable.Range(1, 3000), ids.Distinct().Order());
        // A clean stop stored the last completed chunk: at most the chunk in flight is read again.
        Assert.True(ids.Count - 3000 <= ChunkSize, $"{ids.Count - 3000} rows were read twice; resuming should repeat at most one chunk ({ChunkSize})");
    }

    [Fact]
    public async Task A_signal_row_starts_an_ad_hoc_snapshot_of_a_table()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE later (id int PRIMARY KEY)");
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", Connector(database, prefix));
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        await Sql.ExecuteAsync(connectionString, "INSERT INTO later SELECT generate_series(1, 40)");
        var topic = $"{prefix}.public.later";
        Assert.Equal(40, scenario.ReadTopic(topic, expectedAtLeast: 40).Count);

        await Sql.ExecuteAsync(connectionString, "INSERT INTO deltaconnect_signal VALUES ('adhoc-1', 'execute-snapshot', '{\"data-collections\": [\"public.later\"], \"type\": \"incremental\"}')");
        var events = scenario.ReadTopic(topic, expectedAtLeast: 80).Select(r => Payload(r.Message.Value)).ToList();
        Assert.Equal(80, events.Count);
        Assert.Equal(Enumerable.Range(1, 40), events.Skip(40).Where(e => e.GetProperty("op").GetString() == "r").Select(e => e.GetProperty("after").GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task Validation_names_the_option_and_the_cause()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE present (id int PRIMARY KEY)");
        var ct = TestContext.Current.CancellationToken;

        var herder = scenario.Host!.Herder;
        Assert.Contains("database.password: Postgres at", await ErrorAsync(herder, new Dictionary<string, string>(Connector(database, "p")) { ["database.password"] = "wrong" }), StringComparison.Ordinal);
        Assert.Contains("table.include.list: No table of database", await ErrorAsync(herder, new Dictionary<string, string>(Connector(database, "p")) { ["table.include.list"] = "public.absent" }), StringComparison.Ordinal);
        Assert.Contains("database.dbname: Database 'no_such_db' does not exist", await ErrorAsync(herder, Connector("no_such_db", "p")), StringComparison.Ordinal);
        Assert.Contains("topic.prefix:", await ErrorAsync(herder, new Dictionary<string, string>(Connector(database, "p")) { ["topic.prefix"] = "bad prefix!" }), StringComparison.Ordinal);
        await herder.ValidateAsync(Connector(database, "p"), ct);
    }

    [Fact]
    public async Task A_server_without_logical_wal_level_is_refused_with_the_fix()
    {
        await using var server = await Testing.Servers.PostgresServer.StartAsync(new Testing.Servers.PostgresServerOptions { Settings = new Dictionary<string, string> { ["wal_level"] = "replica" } }, TestContext.Current.CancellationToken);
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var config = new Dictionary<string, string>(Connector("postgres", "p"))
        {
            ["database.port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["database.password"] = server.Password,
            ["publication.autocreate.mode"] = "all_tables",
        };

        var error = await ErrorAsync(scenario.Host!.Herder, config);

        Assert.Contains("plugin.name: The server's wal_level is 'replica'", error, StringComparison.Ordinal);
        Assert.Contains("ALTER SYSTEM SET wal_level = logical", error, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Connector(string database, string prefix, string? slot = null) => new()
    {
        ["connector.class"] = "PostgresConnector",
        ["database.hostname"] = postgres.Server.Host,
        ["database.port"] = postgres.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["database.user"] = postgres.Server.Username,
        ["database.password"] = postgres.Server.Password,
        ["database.dbname"] = database,
        ["topic.prefix"] = prefix,
        ["slot.name"] = slot ?? "s_" + Guid.NewGuid().ToString("N")[..10],
        // Tests of streaming count events exactly; a snapshot running concurrently would add (valid) read events.
        ["snapshot.mode"] = "no_data",
        ["name"] = "pg",
        ["key.converter"] = "org.apache.kafka.connect.json.JsonConverter",
        ["key.converter.schemas.enable"] = "false",
        ["value.converter"] = "org.apache.kafka.connect.json.JsonConverter",
        ["value.converter.decimal.format"] = "NUMERIC",
    };

    private static async Task<string> ErrorAsync(DeltaConnect.Runtime.Herder.StandaloneHerder herder, Dictionary<string, string> config) =>
        (await Assert.ThrowsAsync<DeltaConnect.Sdk.Errors.ConfigException>(() => herder.ValidateAsync(config, TestContext.Current.CancellationToken))).Message;

    private async Task<(string Database, string ConnectionString)> CreateDatabaseAsync()
    {
        var name = "db_" + Guid.NewGuid().ToString("N")[..12];
        return (name, await postgres.Server.CreateDatabaseAsync(name, TestContext.Current.CancellationToken));
    }

    private static JsonElement Payload(byte[]? json)
    {
        var root = JsonDocument.Parse(json!).RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("payload", out var payload) ? payload : root;
    }
}
