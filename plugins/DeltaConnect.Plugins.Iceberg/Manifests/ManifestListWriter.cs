using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Avro;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// Writes a v2 manifest list; manifests new in this snapshot (sequence number -1) get the snapshot's sequence number, and
/// as minimum sequence number the snapshot's or, when they carry older entries over (a merge), the oldest of those.
/// </summary>
internal static class ManifestListWriter
{
    public static long Write(string path, long snapshotId, long? parentSnapshotId, long sequenceNumber, IReadOnlyList<ManifestFile> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var records = new AvroBinaryWriter();
        foreach (var manifest in manifests)
        {
            var isNew = manifest.SequenceNumber < 0;
            records.WriteString(manifest.Path);
            records.WriteLong(manifest.Length);
            records.WriteInt(manifest.PartitionSpecId);
            records.WriteInt(manifest.Content);
            records.WriteLong(isNew ? sequenceNumber : manifest.SequenceNumber);
            // A new manifest's own entries inherit the snapshot's sequence number; merged ones can be older.
            records.WriteLong(manifest.MinSequenceNumber < 0 ? sequenceNumber : isNew ? Math.Min(sequenceNumber, manifest.MinSequenceNumber) : manifest.MinSequenceNumber);
            records.WriteLong(manifest.AddedSnapshotId);
            records.WriteInt(manifest.AddedFilesCount);
            records.WriteInt(manifest.ExistingFilesCount);
            records.WriteInt(manifest.DeletedFilesCount);
            records.WriteLong(manifest.AddedRowsCount);
            records.WriteLong(manifest.ExistingRowsCount);
            records.WriteLong(manifest.DeletedRowsCount);
            records.WriteUnionIndex(1);
            if (manifest.Partitions.Count > 0)
            {
                records.WriteLong(manifest.Partitions.Count);
                foreach (var summary in manifest.Partitions)
                {
                    records.WriteBoolean(summary.ContainsNull);
                    records.WriteUnionIndex(summary.ContainsNan is null ? 0 : 1);
                    if (summary.ContainsNan is { } nan)
                    {
                        records.WriteBoolean(nan);
                    }

                    WriteOptional(records, summary.LowerBound);
                    WriteOptional(records, summary.UpperBound);
                }
            }

            records.WriteLong(0);
            records.WriteUnionIndex(0); // key_metadata
        }

        var metadata = new Dictionary<string, string>
        {
            ["snapshot-id"] = snapshotId.ToString(CultureInfo.InvariantCulture),
            ["parent-snapshot-id"] = parentSnapshotId?.ToString(CultureInfo.InvariantCulture) ?? "null",
            ["sequence-number"] = sequenceNumber.ToString(CultureInfo.InvariantCulture),
            ["format-version"] = "2",
        };
        return AvroContainerWriter.Write(path, ManifestSchemas.ManifestFile, metadata, manifests.Count, records.WrittenSpan);
    }

    private static void WriteOptional(AvroBinaryWriter writer, byte[]? bytes)
    {
        writer.WriteUnionIndex(bytes is null ? 0 : 1);
        if (bytes is not null)
        {
            writer.WriteBytes(bytes);
        }
    }
}
