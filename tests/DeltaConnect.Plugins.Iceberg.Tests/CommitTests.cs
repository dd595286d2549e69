using System.Text.Json;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Filesystem catalog commits: atomic metadata versions, conflicts, retries, and manifests read by avrocat.</summary>
public sealed class CommitTests
{
    [Fact]
    public async Task Of_committers_racing_for_the_same_version_exactly_one_wins_and_the_others_get_a_conflict()
    {
        var directory = TestTables.NewTableDirectory("race");
        FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        const int committers = 6;
        var tables = Enumerable.Range(0, committers).Select(_ => FileSystemTable.Load(directory)).ToList();
        using var start = new Barrier(committers);

        var outcomes = await Task.WhenAll(tables.Select((table, i) => Task.Run(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            try
            {
                table.Append([TestTables.FlatRow(i, $"writer-{i}", i, null, null, null, null, null)], maxRetries: 0);
                return (Exception?)null;
            }
            catch (CommitConflictException e)
            {
                return e;
            }
        })));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.OfType<CommitConflictException>(), e => Assert.Contains("v2.metadata.json", e.Message, StringComparison.Ordinal));
        Assert.Equal(committers - 1, outcomes.Count(o => o is CommitConflictException));
        var latest = FileSystemTable.Load(directory);
        Assert.Equal(2, latest.Version);
        Assert.False(File.Exists(Path.Combine(directory, "metadata", "v3.metadata.json")));
        Assert.Single(latest.Metadata.Json["snapshots"]!.AsArray());
    }

    [Fact]
    public void A_committer_that_lost_the_race_retries_on_fresh_metadata_and_both_appends_are_kept()
    {
        var directory = TestTables.NewTableDirectory("retry");
        FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        var first = FileSystemTable.Load(directory);
        var second = FileSystemTable.Load(directory);

        first.Append([TestTables.FlatRow(1, "first", 1, null, null, null, null, null)]);
        Assert.Throws<CommitConflictException>(() => second.Append([TestTables.FlatRow(2, "lost", 2, null, null, null, null, null)], maxRetries: 0));
        second.Append([TestTables.FlatRow(3, "second", 3, null, null, null, null, null)], maxRetries: 1);

        var latest = FileSystemTable.Load(directory);
        Assert.Equal(3, latest.Version);
        Assert.Equal(2, latest.Metadata.LastSequenceNumber);
        var summary = latest.Metadata.Json["snapshots"]!.AsArray()[^1]!["summary"]!;
        Assert.Equal("2", summary["total-records"]!.GetValue<string>());
        Assert.Equal("2", summary["total-data-files"]!.GetValue<string>());
    }

    [Fact]
    public async Task Avrocat_reads_manifest_lists_and_manifests_with_inherited_sequence_numbers_and_metrics()
    {
        var directory = TestTables.NewTableDirectory("avro");
        var table = FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        table.Append([TestTables.FlatRow(1, "a", 5, 1m, 1.0, true, null, null), TestTables.FlatRow(2, null, 9, 2m, double.NaN, false, null, null)]);
        var snapshotId = table.Append([TestTables.FlatRow(3, "c", 1, 3m, 3.0, true, null, null)]);
        var manifestList = new Uri(table.Metadata.CurrentManifestList!).LocalPath;

        var manifests = await Avrocat.ReadAsync(manifestList);

        Assert.Equal(2, manifests.Count);
        Assert.Equal([2L, 1L], manifests.Select(m => m.GetProperty("sequence_number").GetInt64()));
        Assert.Equal(snapshotId, manifests[0].GetProperty("added_snapshot_id").GetInt64());
        Assert.Equal([1L, 2L], manifests.Select(m => m.GetProperty("added_rows_count").GetInt64()));

        var entries = await Avrocat.ReadAsync(new Uri(manifests[1].GetProperty("manifest_path").GetString()!).LocalPath);
        var entry = Assert.Single(entries);
        Assert.Equal(1, entry.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("sequence_number").ValueKind);
        var dataFile = entry.GetProperty("data_file");
        Assert.Equal(0, dataFile.GetProperty("content").GetInt32());
        Assert.Equal("PARQUET", dataFile.GetProperty("file_format").GetString());
        Assert.Equal(2, dataFile.GetProperty("record_count").GetInt64());
        Assert.Equal(new FileInfo(new Uri(dataFile.GetProperty("file_path").GetString()!).LocalPath).Length, dataFile.GetProperty("file_size_in_bytes").GetInt64());
        var nulls = Map(dataFile.GetProperty("null_value_counts"));
        Assert.Equal(0, nulls[1]);
        Assert.Equal(1, nulls[2]);
        Assert.Equal(2, nulls[8]);
        Assert.Equal(1, Map(dataFile.GetProperty("nan_value_counts"))[6]);
        Assert.All(Map(dataFile.GetProperty("value_counts")).Values, v => Assert.Equal(2, v));
    }

    private static Dictionary<int, long> Map(JsonElement optionalMap) =>
        optionalMap.GetProperty("array").EnumerateArray().ToDictionary(e => e.GetProperty("key").GetInt32(), e => e.GetProperty("value").GetInt64());
}
