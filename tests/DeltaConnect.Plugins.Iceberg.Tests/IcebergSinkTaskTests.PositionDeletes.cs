using Avro.File;
using Avro.Generic;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Manifests;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>A key changed more than once within one commit: every version is written, the superseded ones deleted by position.</summary>
public sealed partial class IcebergSinkTaskTests
{
    [Fact]
    public async Task A_key_repeated_within_a_commit_writes_a_position_delete_for_its_earlier_row_and_an_equality_delete_for_older_snapshots()
    {
        var warehouse = TestTables.NewTableDirectory("sink-positions");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0);
        await task.PutAsync([Create(0, 1, "a", 1), Create(1, 2, "b", 2)], Ct);
        await task.PreCommitAsync(Current(2), Ct);
        await task.PutAsync([
            Change(2, "u", (1, "a", 1), (1, "a2", 10)), // row 0 of the data file, superseded by row 2
            Create(3, 3, "c", 3), // row 1
            Change(4, "u", (1, "a2", 10), (1, "a3", 11)), // row 2
            Create(5, 4, "d", 4), // row 3, deleted below
            Change(6, "d", (4, "d", 4), null),
        ], Ct);
        await task.StopAsync(Ct);

        var table = TableDirectory(warehouse);
        Assert.Equal(["1|a3|11", "2|b|2", "3|c|3"], await RowsAsync(table));

        var metadata = FileSystemTable.Load(table).Metadata;
        var summary = metadata.Json["snapshots"]!.AsArray()[^1]!["summary"]!;
        Assert.Equal("1", summary["added-position-delete-files"]!.GetValue<string>());
        Assert.Equal("2", summary["added-position-deletes"]!.GetValue<string>());
        Assert.Equal("3", summary["added-equality-deletes"]!.GetValue<string>()); // ids 1, 3 and 4: every change event
        Assert.Equal("2", summary["total-position-deletes"]!.GetValue<string>());

        // The delete manifest of the last commit holds the equality delete file and the position delete file (content 1).
        var manifest = ManifestListReader.Read(new Uri(metadata.CurrentManifestList!).LocalPath).First(m => m.Content == 1);
        var files = new List<(int Content, string Path)>();
        using (var reader = DataFileReader<GenericRecord>.OpenReader(new Uri(manifest.Path).LocalPath))
        {
            while (reader.HasNext())
            {
                var file = (GenericRecord)reader.Next()["data_file"];
                files.Add(((int)file["content"], new Uri((string)file["file_path"]).LocalPath));
            }
        }

        Assert.Equal([1, 2], files.Select(f => f.Content).Order());
        var positions = files.Single(f => f.Content == 1).Path;
        Assert.Equal(
            ["file_path:2147483546", "pos:2147483545"],
            DuckDb.Query($"SELECT name, field_id FROM parquet_schema('{positions}') WHERE field_id IS NOT NULL ORDER BY name", r => $"{r.GetString(0)}:{r.GetInt32(1)}"));
        // Both positions point into the last commit's data file: its rows 0 (a2) and 3 (d).
        var newestData = ManifestListReader.Read(new Uri(metadata.CurrentManifestList!).LocalPath).First(m => m.Content == 0);
        string dataFile;
        using (var reader = DataFileReader<GenericRecord>.OpenReader(new Uri(newestData.Path).LocalPath))
        {
            dataFile = (string)((GenericRecord)reader.Next()["data_file"])["file_path"];
        }

        Assert.Equal([$"{dataFile}|0", $"{dataFile}|3"], DuckDb.Query($"SELECT file_path, pos FROM read_parquet('{positions}') ORDER BY pos", r => $"{r.GetString(0)}|{r.GetInt64(1)}"));
        Assert.Equal(
            ["0|1|a2", "1|3|c", "2|1|a3", "3|4|d"],
            DuckDb.Query($"SELECT file_row_number, id, name FROM read_parquet('{new Uri(dataFile).LocalPath}', file_row_number = true) ORDER BY 1", r => $"{r.GetInt64(0)}|{r.GetInt64(1)}|{r.GetString(2)}"));
    }
}
