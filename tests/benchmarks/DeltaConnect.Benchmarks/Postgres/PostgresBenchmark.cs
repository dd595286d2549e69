using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using DeltaConnect.Benchmarks.Brokers;
using DeltaConnect.Testing.Servers;
using Npgsql;

namespace DeltaConnect.Benchmarks.Postgres;

/// <summary>The Postgres benchmark's settings.</summary>
internal sealed record PostgresBenchmarkOptions(int Changes, int Rows, string WorkerAssembly, string OutputPath, string RepositoryRoot);

/// <summary>
/// The Postgres source against Postgres's own tools on the same server in the same run: streaming change events/s into
/// the embedded broker versus <c>pg_recvlogical</c> (pgoutput) draining the same WAL; snapshot rows/s versus
/// <c>COPY (SELECT ...) TO STDOUT</c> of the same table; and commit-to-topic latency. See tests/benchmarks/README.md.
/// </summary>
internal sealed class PostgresBenchmark(PostgresBenchmarkOptions options)
{
    private const double StreamingTarget = 0.5;
    private const double SnapshotTarget = 0.3;
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var directories = new ServerDirectories(Path.Combine(options.RepositoryRoot, "artifacts", "benchmarks", "postgres-logs"));
        await using var server = await PostgresServer.StartAsync(cancellationToken: cancellationToken);
        var database = "bench";
        var connectionString = await server.CreateDatabaseAsync(database, cancellationToken);
        await ExecuteAsync(connectionString, """
            CREATE TABLE changes (id bigint PRIMARY KEY, name text, amount numeric(12,2), at timestamptz);
            CREATE TABLE copied (id bigint PRIMARY KEY, name text, amount numeric(12,2), at timestamptz);
            CREATE TABLE latency (id bigint PRIMARY KEY, at timestamptz);
            CREATE TABLE deltaconnect_signal (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048));
            CREATE PUBLICATION bench FOR TABLE changes, latency, deltaconnect_signal;
            """, cancellationToken);
        // Both slots exist before the changes are written, so both decode exactly the same WAL.
        await ExecuteAsync(connectionString, "SELECT pg_create_logical_replication_slot('bench_ours', 'pgoutput'); SELECT pg_create_logical_replication_slot('bench_recv', 'pgoutput'); SELECT pg_create_logical_replication_slot('bench_task', 'pgoutput')", cancellationToken);
        Console.WriteLine($"Postgres source: {options.Changes:N0} inserts in transactions of 100; a {options.Rows:N0}-row table for the snapshot.");
        for (var start = 0; start < options.Changes; start += 10_000)
        {
            await ExecuteAsync(connectionString, $"INSERT INTO changes SELECT i, 'name ' || i, i * 1.25, now() FROM generate_series({start}, {Math.Min(start + 10_000, options.Changes) - 1}) i", cancellationToken);
        }

        await ExecuteAsync(connectionString, $"INSERT INTO copied SELECT i, 'name ' || i, i * 1.25, now() FROM generate_series(0, {options.Rows - 1}) i", cancellationToken);
        var endLsn = await ScalarAsync<string>(connectionString, "SELECT pg_current_wal_lsn()::text", cancellationToken);

        var recvSeconds = await RunRecvLogicalAsync(server, database, endLsn, cancellationToken);
        var recvRate = options.Changes / recvSeconds;
        Console.WriteLine($"  pg_recvlogical (pgoutput) drained the WAL: {recvRate,12:N0} changes/s ({recvSeconds:0.000} s)");

        var copySeconds = await CopyAsync(connectionString, cancellationToken);
        var copyRate = options.Rows / copySeconds;
        Console.WriteLine($"  COPY (SELECT * FROM copied) TO STDOUT:       {copyRate,12:N0} rows/s ({copySeconds:0.000} s)");

        // The plugin alone (in this process, records polled and dropped): its share of the end-to-end rates below.
        var connector = new Dictionary<string, string>
        {
            ["connector.class"] = "PostgresConnector",
            ["database.hostname"] = server.Host,
            ["database.port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["database.user"] = server.Username,
            ["database.password"] = server.Password,
            ["database.dbname"] = database,
            ["topic.prefix"] = "bench",
            ["slot.name"] = "bench_task",
            ["publication.name"] = "bench",
            ["publication.autocreate.mode"] = "disabled",
            ["snapshot.mode"] = "no_data",
        };
        var taskStreamRate = (options.Changes - 1) / await InProcessSource.MeasureAsync(connector, "bench.public.changes", options.Changes, cancellationToken);
        Console.WriteLine($"  the source task alone, streaming:            {taskStreamRate,12:N0} changes/s — ratio {taskStreamRate / recvRate:0.000}");
        await ExecuteAsync(connectionString, "SELECT pg_drop_replication_slot('bench_task')", cancellationToken);
        var taskSnapshotRate = (options.Rows - 1) / await InProcessSource.MeasureAsync(
            new Dictionary<string, string>(connector) { ["slot.name"] = "bench_task_snapshot", ["snapshot.mode"] = "initial", ["table.include.list"] = "public.copied", ["slot.drop.on.stop"] = "true" },
            "bench.public.copied", options.Rows, cancellationToken);
        Console.WriteLine($"  the source task alone, snapshot:             {taskSnapshotRate,12:N0} rows/s — ratio {taskSnapshotRate / copyRate:0.000}");

        var launch = await EmbeddedBrokerServer.TryStartAsync(options.WorkerAssembly, directories, cancellationToken);
        if (launch.Server is not { } broker)
        {
            Console.Error.WriteLine($"The embedded broker did not start: {launch.Reason}");
            return 1;
        }

        double streamRate, snapshotRate, compactRate, snapshotBytes, compactBytes;
        List<double> latencies;
        await using (broker)
        {
            var bootstrap = broker.Endpoint.BootstrapServers;
            connector["slot.name"] = "bench_ours";
            using var worker = StartWorker(bootstrap, directories, "stream", connector);
            var (streamed, streamSeconds, _) = Follow(bootstrap, "bench.public.changes", options.Changes, TimeSpan.FromMinutes(10));
            streamRate = (streamed - 1) / streamSeconds;
            Console.WriteLine($"  DeltaConnect streaming into the broker:      {streamRate,12:N0} changes/s ({streamSeconds:0.000} s from first to last event) — ratio {streamRate / recvRate:0.000} (target ≥ {StreamingTarget})");

            latencies = await MeasureLatencyAsync(bootstrap, connectionString, cancellationToken);
            Console.WriteLine($"  commit → topic latency: p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms ({latencies.Count} single-row transactions)");

            await ExecuteAsync(connectionString, "INSERT INTO deltaconnect_signal VALUES ('bench-snapshot', 'execute-snapshot', '{\"data-collections\": [\"public.copied\"]}')", cancellationToken);
            await ExecuteAsync(connectionString, "ALTER PUBLICATION bench ADD TABLE copied", cancellationToken);
            (snapshotRate, snapshotBytes) = FollowSnapshot(bootstrap, "bench.public.copied", "JSON with schemas: ", copyRate, target: false);
            await worker.StopAsync(TimeSpan.FromSeconds(30));

            // The same snapshot with schemaless JSON (what Debezium deployments without a schema registry run): each record
            // then carries the row, not also ~2 KB of schema, which is closer to what COPY moves. A warm worker: a first
            // snapshot of the other table runs the same code before the measured one.
            var compact = new Dictionary<string, string>(connector) { ["slot.name"] = "bench_compact", ["topic.prefix"] = "benchc" };
            using var compactWorker = StartWorker(bootstrap, directories, "compact", compact, [
                "key.converter.schemas.enable=false", "value.converter.schemas.enable=false",
                // Its own internal topics: the first worker's connector of the same name is not started again here.
                "config.storage.topic=compact-configs", "offset.storage.topic=compact-offsets", "status.storage.topic=compact-status"]);
            await WaitForStreamingAsync(bootstrap, connectionString, "benchc.public.latency", cancellationToken);
            await ExecuteAsync(connectionString, "INSERT INTO deltaconnect_signal VALUES ('bench-warm-up', 'execute-snapshot', '{\"data-collections\": [\"public.changes\"]}')", cancellationToken);
            var (warmRows, warmSeconds, _) = Follow(bootstrap, "benchc.public.changes", options.Changes, TimeSpan.FromMinutes(10));
            Console.WriteLine($"  (warm-up: a snapshot of the {warmRows:N0}-row changes table at {(warmRows - 1) / warmSeconds:N0} rows/s)");
            await ExecuteAsync(connectionString, "INSERT INTO deltaconnect_signal VALUES ('bench-compact', 'execute-snapshot', '{\"data-collections\": [\"public.copied\"]}')", cancellationToken);
            (compactRate, compactBytes) = FollowSnapshot(bootstrap, "benchc.public.copied", "schemaless JSON:    ", copyRate, target: true);
            await compactWorker.StopAsync(TimeSpan.FromSeconds(30));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        await File.WriteAllTextAsync(options.OutputPath, JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, postgres = server.Version },
            changes = options.Changes,
            rows = options.Rows,
            streaming = new { pg_recvlogical_per_s = Math.Round(recvRate), deltaconnect_per_s = Math.Round(streamRate), ratio = Math.Round(streamRate / recvRate, 3), target = StreamingTarget },
            snapshot = new
            {
                copy_rows_per_s = Math.Round(copyRate),
                json_with_schemas = new { rows_per_s = Math.Round(snapshotRate), bytes_per_record = Math.Round(snapshotBytes), ratio = Math.Round(snapshotRate / copyRate, 3) },
                schemaless_json = new { rows_per_s = Math.Round(compactRate), bytes_per_record = Math.Round(compactBytes), ratio = Math.Round(compactRate / copyRate, 3) },
                target = SnapshotTarget,
            },
            source_task_alone = new { streaming_per_s = Math.Round(taskStreamRate), streaming_ratio = Math.Round(taskStreamRate / recvRate, 3), snapshot_rows_per_s = Math.Round(taskSnapshotRate), snapshot_ratio = Math.Round(taskSnapshotRate / copyRate, 3) },
            latency_ms = new { p50 = Math.Round(Percentile(latencies, 0.50), 1), p99 = Math.Round(Percentile(latencies, 0.99), 1), samples = latencies.Count },
        }, ReportJson), cancellationToken);
        Console.WriteLine($"Results written to {options.OutputPath}.");
        return 0;
    }

    private LoggedProcess StartWorker(string bootstrap, ServerDirectories directories, string label, Dictionary<string, string> connector, IReadOnlyList<string>? settings = null)
    {
        var directory = ServerDirectories.Create("postgres-bench-" + label);
        var file = Path.Combine(directory, "connector.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new { name = "pg-bench", config = connector }));
        Directory.CreateDirectory(directories.LogDirectory);
        return LoggedProcess.Start(
            "dotnet",
            [options.WorkerAssembly, "standalone", "--data-dir", Path.Combine(directory, "data"), "--rest-listen", "127.0.0.1:0", "--set", $"bootstrap.servers={bootstrap}", "--set", "offset.flush.interval.ms=1000",
                .. (settings ?? []).SelectMany(setting => new[] { "--set", setting }), file],
            directory,
            Path.Combine(directories.LogDirectory, $"worker-{label}.log"));
    }

    /// <summary>
    /// Consumes <paramref name="topic"/> until <paramref name="count"/> records arrived; the seconds between the first and
    /// the last, and the bytes of their values.
    /// </summary>
    private static (int Count, double Seconds, long Bytes) Follow(string bootstrap, string topic, int count, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]?>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false, AllowAutoCreateTopics = true })
            .SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var until = DateTime.UtcNow + timeout;
        DateTime? first = null;
        var seen = 0;
        long bytes = 0;
        while (seen < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{topic}: {seen} of {count} records arrived");
            }

            if (TryConsume(consumer, TimeSpan.FromMilliseconds(100)) is { Message: { } message })
            {
                first ??= DateTime.UtcNow;
                seen++;
                bytes += message.Value?.Length ?? 0;
            }
        }

        return (seen, (DateTime.UtcNow - first!.Value).TotalSeconds, bytes);
    }

    /// <summary>Follows a snapshot of the M-row table into <paramref name="topic"/>: rows/s and bytes per record, printed.</summary>
    private (double Rate, double BytesPerRecord) FollowSnapshot(string bootstrap, string topic, string label, double copyRate, bool target)
    {
        var (rows, seconds, bytes) = Follow(bootstrap, topic, options.Rows, TimeSpan.FromMinutes(10));
        var rate = (rows - 1) / seconds;
        var perRecord = (double)bytes / rows;
        Console.WriteLine($"  DeltaConnect snapshot, {label} {rate,12:N0} rows/s ({seconds:0.000} s from first to last row, {perRecord:N0} B/record) — ratio {rate / copyRate:0.000}{(target ? $" (target ≥ {SnapshotTarget})" : "")}");
        return (rate, perRecord);
    }

    /// <summary>Waits until a row written to the latency table reaches <paramref name="topic"/>: the connector streams.</summary>
    private static async Task WaitForStreamingAsync(string bootstrap, string connectionString, string topic, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<byte[], Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-live-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false })
            .SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        for (var i = 0; TryConsume(consumer, TimeSpan.FromMilliseconds(500)) is null; i++)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No change reached {topic} within 60 s.");
            }

            // Rows written before the new slot's consistent point are not streamed: write until one is.
            await ExecuteAsync(connectionString, $"INSERT INTO latency VALUES ({-1000 - i}, now())", cancellationToken);
        }
    }

    /// <summary>One consume; a topic the source has not created yet is not an error here.</summary>
    private static ConsumeResult<TKey, TValue>? TryConsume<TKey, TValue>(IConsumer<TKey, TValue> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (e.Error.Code == ErrorCode.UnknownTopicOrPart)
        {
            Thread.Sleep(timeout);
            return null;
        }
    }

    private static async Task<List<double>> MeasureLatencyAsync(string bootstrap, string connectionString, CancellationToken cancellationToken)
    {
        const int Samples = 200;
        var latencies = new List<double>();
        using var consumer = new ConsumerBuilder<byte[], Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-latency-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false })
            .SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe("bench.public.latency");
        await ExecuteAsync(connectionString, "INSERT INTO latency VALUES (-1, now())", cancellationToken);
        // The first event proves the consumer is assigned and the stream is live.
        var live = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (TryConsume(consumer, TimeSpan.FromMilliseconds(200)) is null)
        {
            if (DateTime.UtcNow > live)
            {
                throw new TimeoutException("The latency table's first event did not arrive within 60 s.");
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        for (var i = 0; i < Samples; i++)
        {
            await using var command = new NpgsqlCommand($"INSERT INTO latency VALUES ({i}, now())", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            var at = DateTime.UtcNow;
            if (TryConsume(consumer, TimeSpan.FromSeconds(30)) is not null)
            {
                latencies.Add((DateTime.UtcNow - at).TotalMilliseconds);
            }

            await Task.Delay(10, cancellationToken);
        }

        return latencies;
    }

    private static async Task<double> RunRecvLogicalAsync(PostgresServer server, string database, string endLsn, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(server.Tool("pg_recvlogical"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "--start", "-S", "bench_recv", "-d", database, "-h", server.Host, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username,
            "-o", "proto_version=1", "-o", "publication_names=bench", "--endpos", endLsn, "-f", "/dev/null", "--no-loop" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = server.Password;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_recvlogical exited with {process.ExitCode}: {await error}");
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> CopyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        using (var reader = await connection.BeginTextExportAsync("COPY (SELECT * FROM copied) TO STDOUT", cancellationToken))
        {
            var buffer = new char[1 << 16];
            while (await reader.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }

        clock.Stop();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
