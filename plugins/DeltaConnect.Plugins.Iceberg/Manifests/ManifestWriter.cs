using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Avro;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// Writes a v2 manifest of newly added files (status ADDED): a data manifest, or a delete manifest when the files are
/// equality delete files (a manifest holds one kind only). Sequence numbers are left null so that readers inherit them
/// from the manifest list: the same manifest stays valid when a commit is retried at a later sequence.
/// </summary>
internal static class ManifestWriter
{
    public static ManifestFile Write(string path, IcebergSchema schema, long snapshotId, IReadOnlyList<DataFile> files)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(files);
        var deletes = files.Count > 0 && files[0].Content != DataFile.DataContent;
        if (files.Any(f => (f.Content != DataFile.DataContent) != deletes))
        {
            throw new ArgumentException("A manifest holds either data files or delete files, not both.", nameof(files));
        }

        var records = new AvroBinaryWriter();
        foreach (var file in files)
        {
            records.WriteInt(1); // status ADDED
            records.WriteUnionIndex(1);
            records.WriteLong(snapshotId);
            records.WriteUnionIndex(0); // sequence_number: inherited
            records.WriteUnionIndex(0); // file_sequence_number: inherited
            records.WriteInt(file.Content);
            records.WriteString(file.Path);
            records.WriteString(DataFile.FileFormat);
            // partition: the empty record of an unpartitioned spec has no bytes
            records.WriteLong(file.RecordCount);
            records.WriteLong(file.FileSizeInBytes);
            WriteMap(records, file.ColumnSizes, records.WriteLong);
            WriteMap(records, file.ValueCounts, records.WriteLong);
            WriteMap(records, file.NullValueCounts, records.WriteLong);
            WriteMap(records, file.NanValueCounts, records.WriteLong);
            WriteMap(records, file.LowerBounds, v => records.WriteBytes(v));
            WriteMap(records, file.UpperBounds, v => records.WriteBytes(v));
            records.WriteUnionIndex(0); // key_metadata
            if (file.SplitOffsets.Count == 0)
            {
                records.WriteUnionIndex(0);
            }
            else
            {
                records.WriteUnionIndex(1);
                records.WriteLong(file.SplitOffsets.Count);
                foreach (var offset in file.SplitOffsets)
                {
                    records.WriteLong(offset);
                }

                records.WriteLong(0);
            }

            if (file.EqualityIds is not { Count: > 0 } equalityIds)
            {
                records.WriteUnionIndex(0); // equality_ids: data files have none
            }
            else
            {
                records.WriteUnionIndex(1);
                records.WriteLong(equalityIds.Count);
                foreach (var id in equalityIds)
                {
                    records.WriteInt(id);
                }

                records.WriteLong(0);
            }

            records.WriteUnionIndex(0); // sort_order_id: unsorted
        }

        var metadata = new Dictionary<string, string>
        {
            ["schema"] = schema.ToJsonString(),
            ["schema-id"] = schema.SchemaId.ToString(CultureInfo.InvariantCulture),
            ["partition-spec"] = ManifestSchemas.UnpartitionedSpecFields,
            ["partition-spec-id"] = "0",
            ["format-version"] = "2",
            ["content"] = deletes ? "deletes" : "data",
        };
        var length = AvroContainerWriter.Write(path, ManifestSchemas.ManifestEntry, metadata, files.Count, records.WrittenSpan);
        return new ManifestFile(
            Path: path,
            Length: length,
            PartitionSpecId: 0,
            Content: deletes ? 1 : 0,
            SequenceNumber: -1,
            MinSequenceNumber: -1,
            AddedSnapshotId: snapshotId,
            AddedFilesCount: files.Count,
            ExistingFilesCount: 0,
            DeletedFilesCount: 0,
            AddedRowsCount: files.Sum(f => f.RecordCount),
            ExistingRowsCount: 0,
            DeletedRowsCount: 0);
    }

    private static void WriteMap<T>(AvroBinaryWriter writer, IReadOnlyDictionary<int, T> map, Action<T> writeValue)
    {
        if (map.Count == 0)
        {
            writer.WriteUnionIndex(0);
            return;
        }

        writer.WriteUnionIndex(1);
        writer.WriteLong(map.Count);
        foreach (var (key, value) in map.OrderBy(e => e.Key))
        {
            writer.WriteInt(key);
            writeValue(value);
        }

        writer.WriteLong(0);
    }
}
