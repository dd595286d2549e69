using System.Text.Json;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>
/// Manifest merging (table properties <c>commit.manifest-merge.enabled</c>, <c>commit.manifest.min-count-to-merge</c>,
/// <c>commit.manifest.target-size-bytes</c>): the manifests are read with avrocat, the tables with icebird.
/// </summary>
public sealed class ManifestMergeTests
{
    private static readonly Dictionary<string, string> MergeAtThree = new() { [ManifestMerge.MinCountProperty] = "3" };

    [Fact]
    public async Task Manifests_are_merged_at_the_minimum_count_and_every_file_keeps_its_snapshot_and_sequence_number()
    {
        var directory = TestTables.NewTableDirectory("merge");
        var table = FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(TestTables.Flat), properties: MergeAtThree);
        var snapshots = new List<long>();
        var manifestCounts = new List<int>();
        for (var commit = 1; commit <= 5; commit++)
        {
            // Commit k appends k rows, so each manifest entry's record count tells which commit added its file.
            snapshots.Add(table.Append([.. Enumerable.Range(0, commit).Select(i => Row((commit * 10) + i, $"c{commit}"))]));
            manifestCounts.Add((await Avrocat.ReadAsync(CurrentManifestList(table))).Count);
        }

        // [m1] [m2 m1] -> 3 manifests: merged [M3] [m4 M3] -> 3 manifests: merged [M5].
        Assert.Equal([1, 2, 1, 2, 1], manifestCounts);
        var manifest = (await Avrocat.ReadAsync(CurrentManifestList(table))).Single();
        Assert.Equal(snapshots[4], manifest.GetProperty("added_snapshot_id").GetInt64());
        Assert.Equal(5, manifest.GetProperty("sequence_number").GetInt64());
        Assert.Equal(1, manifest.GetProperty("min_sequence_number").GetInt64());
        Assert.Equal((1, 4, 0), (manifest.GetProperty("added_files_count").GetInt32(), manifest.GetProperty("existing_files_count").GetInt32(), manifest.GetProperty("deleted_files_count").GetInt32()));
        Assert.Equal((5L, 10L), (manifest.GetProperty("added_rows_count").GetInt64(), manifest.GetProperty("existing_rows_count").GetInt64()));

        // Newest first; the file of this snapshot is ADDED and inherits its sequence number, the others are EXISTING with
        // the snapshot id and sequence numbers of the commit that added them.
        var entries = await Avrocat.ReadAsync(new Uri(manifest.GetProperty("manifest_path").GetString()!).LocalPath);
        Assert.Equal([1, 0, 0, 0, 0], entries.Select(e => e.GetProperty("status").GetInt32()));
        Assert.Equal([.. Enumerable.Reverse(snapshots)], entries.Select(e => e.GetProperty("snapshot_id").GetProperty("long").GetInt64()));
        Assert.Equal([null, 4L, 3L, 2L, 1L], entries.Select(e => OptionalLong(e.GetProperty("sequence_number"))));
        Assert.Equal([null, 4L, 3L, 2L, 1L], entries.Select(e => OptionalLong(e.GetProperty("file_sequence_number"))));
        Assert.Equal([5L, 4, 3, 2, 1], entries.Select(e => e.GetProperty("data_file").GetProperty("record_count").GetInt64()));

        // icebird reads every row of the merged table, and earlier snapshots still read through the manifests they name.
        Assert.Equal(
            ["10", "20", "21", "30", "31", "32", "40", "41", "42", "43", "50", "51", "52", "53", "54"],
            Ids(await Icebird.ReadAsync(new Uri(directory).AbsoluteUri)).Order(StringComparer.Ordinal));
        Assert.Equal(["10", "20", "21"], Ids(await Icebird.ReadAsync(new Uri(directory).AbsoluteUri, "v3.metadata.json")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Equality_deletes_still_apply_to_the_files_of_earlier_snapshots_after_their_manifests_are_merged()
    {
        var directory = TestTables.NewTableDirectory("merge-deletes");
        var table = FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(TestTables.Flat), properties: MergeAtThree);
        table.Append([Row(1, "a"), Row(2, "b")]);
        table.Commit(new RowDelta([Row(1, "a2")], [Row(1, "a2")], [1]));
        table.Commit(new RowDelta([Row(2, "b2")], [Row(2, "b2")], [1]));

        // Data manifests [d3 d2 d1] merged into one; delete manifests [x3 x2] are fewer than three and stay.
        var manifests = await Avrocat.ReadAsync(CurrentManifestList(table));
        Assert.Equal([0, 1, 1], manifests.Select(m => m.GetProperty("content").GetInt32()));
        var data = await Avrocat.ReadAsync(new Uri(manifests[0].GetProperty("manifest_path").GetString()!).LocalPath);
        Assert.Equal([null, 2L, 1L], data.Select(e => OptionalLong(e.GetProperty("sequence_number"))));

        var rows = await Icebird.ReadAsync(new Uri(directory).AbsoluteUri);
        Assert.Equal(
            ["1=a2", "2=b2"],
            rows.EnumerateArray().Select(r => $"{r.GetProperty("id").GetProperty("bigint").GetString()}={r.GetProperty("name").GetString()}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Manifests_of_a_partitioned_table_are_merged_with_every_file_keeping_its_partition_tuple()
    {
        var directory = TestTables.NewTableDirectory("merge-partitioned");
        var schema = ConnectSchemaConverter.ToIceberg(TestTables.Flat);
        var table = FileSystemTable.Create(directory, schema, PartitionSpec.Parse("bucket(id, 4), day(at)", schema), MergeAtThree);
        DateTimeOffset[] days = [new(1969, 12, 31, 23, 0, 0, TimeSpan.Zero), new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero), new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)];
        var tuples = new List<string>();
        for (var commit = 0; commit < 3; commit++)
        {
            table.Append([
                TestTables.FlatRow(commit, "x", null, null, null, null, null, days[commit]),
                TestTables.FlatRow(commit + 10, "y", null, null, null, null, null, null),
            ]);
            if (commit < 2)
            {
                // The tuples (bucket, day) as the commit's own manifest holds them, before any merge.
                var newest = (await Avrocat.ReadAsync(CurrentManifestList(table)))[0];
                tuples.InsertRange(0, (await Avrocat.ReadAsync(new Uri(newest.GetProperty("manifest_path").GetString()!).LocalPath))
                    .Select(e => e.GetProperty("data_file").GetProperty("partition").GetRawText()));
            }
        }

        var manifest = (await Avrocat.ReadAsync(CurrentManifestList(table))).Single();
        var entries = await Avrocat.ReadAsync(new Uri(manifest.GetProperty("manifest_path").GetString()!).LocalPath);
        Assert.Equal([1, 1, 0, 0, 0, 0], entries.Select(e => e.GetProperty("status").GetInt32()));
        Assert.Equal(tuples, entries.Skip(2).Select(e => e.GetProperty("data_file").GetProperty("partition").GetRawText()));
        Assert.Contains(entries.Skip(2), e => e.GetProperty("data_file").GetProperty("partition").GetProperty("at_day") is { ValueKind: JsonValueKind.Object } day
                                              && day.GetProperty("int").GetInt32() == -1); // 1969-12-31, read back from a DateTime
        Assert.Equal(
            ["0", "1", "10", "11", "12", "2"],
            Ids(await Icebird.ReadAsync(new Uri(directory).AbsoluteUri)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Merging_can_be_turned_off_and_is_not_done_below_the_minimum_count()
    {
        var off = FileSystemTable.Create(
            TestTables.NewTableDirectory("merge-off"),
            ConnectSchemaConverter.ToIceberg(TestTables.Flat),
            properties: new Dictionary<string, string> { [ManifestMerge.EnabledProperty] = "false", [ManifestMerge.MinCountProperty] = "2" });
        var defaults = FileSystemTable.Create(TestTables.NewTableDirectory("merge-default"), ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        for (var commit = 1; commit <= 4; commit++)
        {
            off.Append([Row(commit, "x")]);
            defaults.Append([Row(commit, "x")]);
        }

        Assert.Equal(4, (await Avrocat.ReadAsync(CurrentManifestList(off))).Count);
        Assert.Equal(4, (await Avrocat.ReadAsync(CurrentManifestList(defaults))).Count); // Iceberg's default minimum is 100
    }

    private static Struct Row(long id, string name) => TestTables.FlatRow(id, name, null, null, null, null, null, null);

    private static string CurrentManifestList(CatalogTable table) => new Uri(table.Metadata.CurrentManifestList!).LocalPath;

    private static long? OptionalLong(JsonElement union) => union.ValueKind == JsonValueKind.Null ? null : union.GetProperty("long").GetInt64();

    private static IEnumerable<string> Ids(JsonElement rows) =>
        rows.EnumerateArray().Select(r => r.GetProperty("id").GetProperty("bigint").GetString()!);
}
