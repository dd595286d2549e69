using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Iceberg.Tests.IcebergSinkTaskTests;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Data files are rolled at the configured size target: a large commit becomes several files near it, and every row reads back.</summary>
public sealed class TargetFileSizeTests
{
    private const long Target = 256 * 1024;

    [Fact]
    public async Task A_large_commit_is_rolled_into_files_near_the_target_size_and_every_row_reads_back()
    {
        var warehouse = TestTables.NewTableDirectory("file-size");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.write-props.write.target-file-size-bytes", Target.ToString(CultureInfo.InvariantCulture)));
        const int rows = 40_000;
        var records = new List<SinkRecord>(rows);
        for (var i = 0; i < rows; i++)
        {
            // Hex of a hash: text zstd cannot shrink much, so the files' sizes come from the rows, not from compression luck.
            records.Add(Plain(i, i, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture))))));
        }

        await task.PutAsync(records, TestContext.Current.CancellationToken);
        await task.StopAsync(TestContext.Current.CancellationToken);

        var table = Path.Combine(warehouse, "db", "orders");
        var files = Directory.GetFiles(Path.Combine(table, "data"), "*.parquet").Select(f => new FileInfo(f).Length).Order().ToList();
        Assert.True(files.Count >= 4, $"expected the commit to be rolled into several files, got {files.Count} of sizes {string.Join(", ", files)}");
        // All files but the last one (the rest of the rows) reach the target and overshoot it by at most a small row group.
        Assert.All(files.Skip(1), size => Assert.InRange(size, Target, Target * 5 / 4));
        Assert.InRange(files[0], 1, Target * 5 / 4);
        var summary = FileSystemTable.Load(table).Metadata.Json["snapshots"]!.AsArray()[^1]!["summary"]!;
        Assert.Equal(files.Count.ToString(CultureInfo.InvariantCulture), summary["added-data-files"]!.GetValue<string>());
        Assert.Equal(rows.ToString(CultureInfo.InvariantCulture), summary["added-records"]!.GetValue<string>());

        var read = (await Icebird.ReadAsync(new Uri(table).AbsoluteUri)).EnumerateArray()
            .Select(r => long.Parse(r.GetProperty("id").GetProperty("bigint").GetString()!, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, rows).Select(i => (long)i), read);
    }

    [Fact]
    public async Task Position_deletes_of_keys_changed_twice_in_a_rolled_commit_point_into_the_file_that_holds_the_row()
    {
        var warehouse = TestTables.NewTableDirectory("file-size-positions");
        const long target = 16 * 1024;
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.write-props.write.target-file-size-bytes", target.ToString(CultureInfo.InvariantCulture)));
        const int rows = 6_000;
        var records = new List<SinkRecord>(rows + (rows / 10));
        for (var i = 0; i < rows; i++)
        {
            records.Add(Create(i, i, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)))), i));
        }

        // Every tenth key changes again in the same commit: its first row, in whichever rolled file it landed, is deleted by position.
        for (var i = 0; i < rows; i += 10)
        {
            records.Add(Change(records.Count, "u", (i, "old", i), (i, "new", -i)));
        }

        await task.PutAsync(records, TestContext.Current.CancellationToken);
        await task.StopAsync(TestContext.Current.CancellationToken);

        var table = Path.Combine(warehouse, "db", "orders");
        var summary = FileSystemTable.Load(table).Metadata.Json["snapshots"]!.AsArray()[^1]!["summary"]!;
        Assert.True(int.Parse(summary["added-data-files"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= 3, $"expected rolled data files: {summary}");
        Assert.Equal((rows / 10).ToString(CultureInfo.InvariantCulture), summary["added-position-deletes"]!.GetValue<string>());

        var read = (await Icebird.ReadAsync(new Uri(table).AbsoluteUri)).EnumerateArray()
            .Select(r => (Id: long.Parse(r.GetProperty("id").GetProperty("bigint").GetString()!, CultureInfo.InvariantCulture), Qty: r.GetProperty("qty").GetInt32()))
            .OrderBy(r => r.Id).ToList();
        Assert.Equal(Enumerable.Range(0, rows).Select(i => ((long)i, i % 10 == 0 ? -i : i)), read);
    }
}
