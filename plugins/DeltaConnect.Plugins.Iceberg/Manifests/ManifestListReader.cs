using Avro.File;
using Avro.Generic;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>Reads the manifests of a snapshot's manifest list (any writer's v2 schema, resolved by field name).</summary>
internal static class ManifestListReader
{
    public static IReadOnlyList<ManifestFile> Read(string path)
    {
        using var reader = DataFileReader<GenericRecord>.OpenReader(path);
        var manifests = new List<ManifestFile>();
        while (reader.HasNext())
        {
            var r = reader.Next();
            manifests.Add(new ManifestFile(
                Path: (string)r["manifest_path"],
                Length: (long)r["manifest_length"],
                PartitionSpecId: (int)r["partition_spec_id"],
                Content: r.TryGetValue("content", out var content) ? (int)content : 0,
                SequenceNumber: (long)r["sequence_number"],
                MinSequenceNumber: (long)r["min_sequence_number"],
                AddedSnapshotId: (long)r["added_snapshot_id"],
                AddedFilesCount: (int)r["added_files_count"],
                ExistingFilesCount: (int)r["existing_files_count"],
                DeletedFilesCount: (int)r["deleted_files_count"],
                AddedRowsCount: (long)r["added_rows_count"],
                ExistingRowsCount: (long)r["existing_rows_count"],
                DeletedRowsCount: (long)r["deleted_rows_count"])
            {
                Partitions = r.TryGetValue("partitions", out var partitions) && partitions is object[] summaries
                    ? [.. summaries.Cast<GenericRecord>().Select(Summary)]
                    : [],
            });
        }

        return manifests;
    }

    private static FieldSummary Summary(GenericRecord r) => new(
        (bool)r["contains_null"],
        r.TryGetValue("contains_nan", out var nan) ? (bool?)nan : null,
        r.TryGetValue("lower_bound", out var lower) ? (byte[]?)lower : null,
        r.TryGetValue("upper_bound", out var upper) ? (byte[]?)upper : null);
}
