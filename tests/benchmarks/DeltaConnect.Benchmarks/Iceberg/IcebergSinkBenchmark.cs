using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Sink;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using ParquetSharp;

namespace DeltaConnect.Benchmarks.Iceberg;

/// <summary>The Iceberg benchmark's settings.</summary>
internal sealed record IcebergBenchmarkOptions(int Rows, int Runs, int CommitRows, int SteadyCommits, int SteadyRowsPerCommit, string OutputPath, string RepositoryRoot);

/// <summary>
/// The Iceberg sink task against plain Parquet written with the same library (ParquetSharp, zstd) from the same rows in
/// the same run: rows/s through <c>IcebergSinkTask</c> put/pre-commit (data files, manifests, manifest lists, metadata,
/// one snapshot per <c>CommitRows</c>) versus one plain Parquet file per <c>CommitRows</c>; then files and bytes per commit
/// of a steady stream of small commits (small-file behaviour). See tests/benchmarks/README.md.
/// </summary>
internal sealed class IcebergSinkBenchmark(IcebergBenchmarkOptions options)
{
    private const double Target = 0.6;
    private const int PutBatch = 10_000;
    private static readonly TopicPartition Partition = new("bench.rows", 0);
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true };

    private static readonly Schema RowSchema = SchemaBuilder.Struct().Name("bench.rows.Value")
        .Field("id", Schema.Int64)
        .Field("name", Schema.OptionalString)
        .Field("amount", Schema.OptionalFloat64)
        .Field("qty", Schema.OptionalInt32)
        .Field("at", ConnectTimestamp.Builder().Optional().Build())
        .Build();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(options.RepositoryRoot, "artifacts", "benchmarks", "iceberg");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        var records = Records(options.Rows, firstOffset: 0);
        Console.WriteLine($"Iceberg sink: {options.Rows:N0} rows (id, name, amount, qty, at), a snapshot every {options.CommitRows:N0} rows; " +
                          $"baseline: plain Parquet (ParquetSharp, zstd), one file per {options.CommitRows:N0} rows; 1 warm-up + {options.Runs} measured runs each.");

        var sinkRates = new List<double>();
        var parquetRates = new List<double>();
        for (var run = 0; run <= options.Runs; run++)
        {
            // Alternate which side goes first, so neither always runs on a warmer (or more fragmented) machine.
            var sinkFirst = run % 2 == 0;
            for (var side = 0; side < 2; side++)
            {
                var directory = Path.Combine(root, $"run-{run}");
                if ((side == 0) == sinkFirst)
                {
                    var rate = await SinkRunAsync(records, Path.Combine(directory, "warehouse"), options.CommitRows, cancellationToken);
                    Report(run, "iceberg sink", rate, run > 0 ? sinkRates : null);
                }
                else
                {
                    var rate = ParquetRun(records, Path.Combine(directory, "parquet"));
                    Report(run, "plain parquet", rate, run > 0 ? parquetRates : null);
                }
            }

            Directory.Delete(Path.Combine(root, $"run-{run}"), recursive: true);
        }

        var sinkMedian = Median(sinkRates);
        var parquetMedian = Median(parquetRates);
        var ratio = sinkMedian / parquetMedian;
        Console.WriteLine($"  median: iceberg sink {sinkMedian,12:N0} rows/s, plain parquet {parquetMedian,12:N0} rows/s, ratio {ratio:0.00} " +
                          $"({(ratio >= Target ? "target met" : "BELOW TARGET")}: >= {Target})");

        var steady = await SteadyStreamAsync(Path.Combine(root, "steady"), cancellationToken);

        var report = new JsonObject
        {
            ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount, ["os"] = Environment.OSVersion.ToString(), ["dotnet"] = Environment.Version.ToString() },
            ["settings"] = new JsonObject { ["rows"] = options.Rows, ["runs"] = options.Runs, ["commit_rows"] = options.CommitRows },
            ["iceberg_sink_rows_per_second"] = new JsonObject { ["median"] = sinkMedian, ["runs"] = new JsonArray([.. sinkRates.Select(r => (JsonNode?)r)]) },
            ["plain_parquet_rows_per_second"] = new JsonObject { ["median"] = parquetMedian, ["runs"] = new JsonArray([.. parquetRates.Select(r => (JsonNode?)r)]) },
            ["ratio"] = ratio,
            ["target"] = Target,
            ["steady_stream"] = steady,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        await File.WriteAllTextAsync(options.OutputPath, report.ToJsonString(ReportJson), cancellationToken);
        Console.WriteLine($"Results: {options.OutputPath}");
        return 0;
    }

    private static List<SinkRecord> Records(int count, long firstOffset)
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var records = new List<SinkRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var offset = firstOffset + i;
            var row = new Struct(RowSchema)
                .Put("id", offset)
                .Put("name", $"customer-{random.Next(1_000_000):D6}")
                .Put("amount", Math.Round(random.NextDouble() * 1000, 2))
                .Put("qty", i % 10 == 0 ? null : random.Next(1, 100))
                .Put("at", start.AddMilliseconds(offset * 37));
            records.Add(new SinkRecord(Partition.Topic, Partition.Partition, null, null, RowSchema, row, offset));
        }

        return records;
    }

    /// <summary>Rows/s through the sink task: put in batches, a pre-commit (one snapshot) every <paramref name="commitRows"/> rows.</summary>
    private static async Task<double> SinkRunAsync(List<SinkRecord> records, string warehouse, int commitRows, CancellationToken cancellationToken)
    {
        var (task, _) = await StartSinkAsync(warehouse, cancellationToken);
        var clock = Stopwatch.StartNew();
        await PutAndCommitAsync(task, records, commitRows, cancellationToken);
        await task.StopAsync(cancellationToken);
        clock.Stop();
        var metadata = Directory.GetFiles(Path.Combine(warehouse, "bench", "rows", "metadata"), "v*.metadata.json").MaxBy(f => new FileInfo(f).LastWriteTimeUtc)!;
        var total = JsonNode.Parse(await File.ReadAllTextAsync(metadata, cancellationToken))!["snapshots"]!.AsArray()[^1]!["summary"]!["total-records"]!.GetValue<string>();
        if (total != records.Count.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"The table holds {total} rows after the run, expected {records.Count}.");
        }

        return records.Count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(IcebergSinkTask Task, Dictionary<string, string> Config)> StartSinkAsync(string warehouse, CancellationToken cancellationToken)
    {
        var config = new Dictionary<string, string>
        {
            ["name"] = "iceberg-bench",
            ["iceberg.tables"] = "bench.rows",
            ["iceberg.catalog.type"] = "hadoop",
            ["iceberg.catalog.warehouse"] = warehouse,
            ["iceberg.control.commit.interval-ms"] = "0",
        };
        var task = new IcebergSinkTask();
        task.Initialize(new BenchmarkSinkTaskContext(config, [Partition]));
        await task.StartAsync(config, cancellationToken);
        await task.OpenAsync([Partition], cancellationToken);
        return (task, config);
    }

    private static async Task PutAndCommitAsync(IcebergSinkTask task, List<SinkRecord> records, int commitRows, CancellationToken cancellationToken)
    {
        var sinceCommit = 0;
        var putBatch = Math.Min(PutBatch, commitRows);
        for (var start = 0; start < records.Count; start += putBatch)
        {
            var batch = records.GetRange(start, Math.Min(putBatch, records.Count - start));
            await task.PutAsync(batch, cancellationToken);
            sinceCommit += batch.Count;
            if (sinceCommit >= commitRows || start + batch.Count == records.Count)
            {
                await task.PreCommitAsync(new Dictionary<TopicPartition, long> { [Partition] = batch[^1].KafkaOffset + 1 }, cancellationToken);
                sinceCommit = 0;
            }
        }
    }

    /// <summary>Rows/s writing the same rows as plain Parquet: columns taken from the same structs, one file per commit's worth.</summary>
    private double ParquetRun(List<SinkRecord> records, string directory)
    {
        Directory.CreateDirectory(directory);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < records.Count; start += options.CommitRows)
        {
            var count = Math.Min(options.CommitRows, records.Count - start);
            var ids = new long[count];
            var names = new string?[count];
            var amounts = new double?[count];
            var quantities = new int?[count];
            var times = new DateTime?[count];
            for (var i = 0; i < count; i++)
            {
                var row = (Struct)records[start + i].Value!;
                ids[i] = (long)row.Get("id")!;
                names[i] = (string?)row.Get("name");
                amounts[i] = (double?)row.Get("amount");
                quantities[i] = (int?)row.Get("qty");
                times[i] = ((DateTimeOffset?)row.Get("at"))?.UtcDateTime;
            }

            Column[] columns =
            [
                new Column<long>("id"),
                new Column<string>("name"),
                new Column<double?>("amount"),
                new Column<int?>("qty"),
                new Column<DateTime?>("at", LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros)),
            ];
            using var properties = new WriterPropertiesBuilder().Compression(Compression.Zstd).Build();
            using var writer = new ParquetFileWriter(Path.Combine(directory, $"{Guid.NewGuid():N}.parquet"), columns, properties);
            using (var group = writer.AppendRowGroup())
            {
                using (var column = group.NextColumn().LogicalWriter<long>())
                {
                    column.WriteBatch(ids);
                }

                using (var column = group.NextColumn().LogicalWriter<string?>())
                {
                    column.WriteBatch(names);
                }

                using (var column = group.NextColumn().LogicalWriter<double?>())
                {
                    column.WriteBatch(amounts);
                }

                using (var column = group.NextColumn().LogicalWriter<int?>())
                {
                    column.WriteBatch(quantities);
                }

                using (var column = group.NextColumn().LogicalWriter<DateTime?>())
                {
                    column.WriteBatch(times);
                }
            }

            writer.Close();
        }

        clock.Stop();
        return records.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Small commits of a steady stream: what each commit leaves on disk, and how metadata grows.</summary>
    private async Task<JsonObject> SteadyStreamAsync(string directory, CancellationToken cancellationToken)
    {
        var warehouse = Path.Combine(directory, "warehouse");
        var records = Records(options.SteadyCommits * options.SteadyRowsPerCommit, firstOffset: 0);
        var (task, _) = await StartSinkAsync(warehouse, cancellationToken);
        var clock = Stopwatch.StartNew();
        await PutAndCommitAsync(task, records, options.SteadyRowsPerCommit, cancellationToken);
        await task.StopAsync(cancellationToken);
        clock.Stop();

        var table = Path.Combine(warehouse, "bench", "rows");
        var data = Directory.GetFiles(Path.Combine(table, "data")).Select(f => new FileInfo(f)).ToList();
        var metadataFiles = Directory.GetFiles(Path.Combine(table, "metadata")).Select(f => new FileInfo(f)).ToList();
        var manifests = metadataFiles.Where(f => f.Name.EndsWith("-m0.avro", StringComparison.Ordinal)).ToList();
        var lists = metadataFiles.Where(f => f.Name.StartsWith("snap-", StringComparison.Ordinal)).OrderBy(f => f.LastWriteTimeUtc).ToList();
        var json = metadataFiles.Where(f => f.Name.EndsWith(".metadata.json", StringComparison.Ordinal)).OrderBy(f => f.LastWriteTimeUtc).ToList();
        double commits = options.SteadyCommits;
        var result = new JsonObject
        {
            ["commits"] = options.SteadyCommits,
            ["rows_per_commit"] = options.SteadyRowsPerCommit,
            ["commits_per_second"] = commits / clock.Elapsed.TotalSeconds,
            ["data_files_per_commit"] = data.Count / commits,
            ["data_bytes_per_commit"] = data.Sum(f => f.Length) / commits,
            ["mean_data_file_bytes"] = data.Count == 0 ? 0 : data.Average(f => f.Length),
            ["metadata_files_per_commit"] = (manifests.Count + lists.Count + json.Count) / commits,
            ["metadata_bytes_per_commit"] = (manifests.Sum(f => f.Length) + lists.Sum(f => f.Length) + json.Sum(f => f.Length)) / commits,
            ["first_manifest_list_bytes"] = lists.FirstOrDefault()?.Length ?? 0,
            ["last_manifest_list_bytes"] = lists.LastOrDefault()?.Length ?? 0,
            ["first_metadata_json_bytes"] = json.FirstOrDefault()?.Length ?? 0,
            ["last_metadata_json_bytes"] = json.LastOrDefault()?.Length ?? 0,
        };
        Console.WriteLine($"Steady stream: {options.SteadyCommits} commits of {options.SteadyRowsPerCommit:N0} rows ({result["commits_per_second"]!.GetValue<double>():0.0} commits/s):");
        Console.WriteLine($"  per commit: {result["data_files_per_commit"]} data file(s), {result["data_bytes_per_commit"]!.GetValue<double>():N0} data bytes; " +
                          $"{result["metadata_files_per_commit"]} metadata files (manifest, manifest list, metadata JSON), {result["metadata_bytes_per_commit"]!.GetValue<double>():N0} metadata bytes");
        Console.WriteLine($"  growth: manifest list {result["first_manifest_list_bytes"]} -> {result["last_manifest_list_bytes"]} bytes, " +
                          $"metadata JSON {result["first_metadata_json_bytes"]} -> {result["last_metadata_json_bytes"]} bytes (no compaction or snapshot expiry)");
        return result;
    }

    private static void Report(int run, string side, double rate, List<double>? measured)
    {
        measured?.Add(rate);
        Console.WriteLine($"  {(run == 0 ? "warm-up" : $"run {run}"),-8} {side,-14} {rate,12:N0} rows/s");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
