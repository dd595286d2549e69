using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Avro;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// Writes a v2 manifest of newly added files (status ADDED): a data manifest, or a delete manifest when the files are
/// equality delete files (a manifest holds one kind only). Sequence numbers are left null so that readers inherit them
/// from the manifest list: the same manifest stays valid when a commit is retried at a later sequence.
/// </summary>
internal static class ManifestWriter
{
    public static ManifestFile Write(string path, IcebergSchema schema, PartitionSpec spec, long snapshotId, IReadOnlyList<DataFile> files)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(files);
        var partitionTypes = spec.ResultTypes(schema);
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
            WritePartition(records, partitionTypes, file.Partition);
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
            ["partition-spec"] = spec.FieldsJson().ToJsonString(),
            ["partition-spec-id"] = spec.SpecId.ToString(CultureInfo.InvariantCulture),
            ["format-version"] = "2",
            ["content"] = deletes ? "deletes" : "data",
        };
        var length = AvroContainerWriter.Write(path, ManifestSchemas.ManifestEntry(ManifestSchemas.PartitionRecord(spec, partitionTypes)), metadata, files.Count, records.WrittenSpan);
        return new ManifestFile(
            Path: path,
            Length: length,
            PartitionSpecId: spec.SpecId,
            Content: deletes ? 1 : 0,
            SequenceNumber: -1,
            MinSequenceNumber: -1,
            AddedSnapshotId: snapshotId,
            AddedFilesCount: files.Count,
            ExistingFilesCount: 0,
            DeletedFilesCount: 0,
            AddedRowsCount: files.Sum(f => f.RecordCount),
            ExistingRowsCount: 0,
            DeletedRowsCount: 0)
        {
            Partitions = [.. partitionTypes.Select((type, i) => Summarize(type, files.Select(f => f.Partition.Values[i])))],
        };
    }

    /// <summary>The partition tuple: each field an optional union (the empty record of an unpartitioned spec has no bytes).</summary>
    private static void WritePartition(AvroBinaryWriter writer, IReadOnlyList<PrimitiveType> types, PartitionKey partition)
    {
        for (var i = 0; i < types.Count; i++)
        {
            if (partition.Values[i] is not { } value)
            {
                writer.WriteUnionIndex(0);
                continue;
            }

            writer.WriteUnionIndex(1);
            switch (types[i].Kind)
            {
                case PrimitiveKind.Boolean:
                    writer.WriteBoolean((bool)value);
                    break;
                case PrimitiveKind.Int or PrimitiveKind.Date:
                    writer.WriteInt((int)value);
                    break;
                case PrimitiveKind.Long or PrimitiveKind.Time or PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz:
                    writer.WriteLong((long)value);
                    break;
                case PrimitiveKind.String:
                    writer.WriteString((string)value);
                    break;
                case PrimitiveKind.Binary:
                    writer.WriteBytes((byte[])value);
                    break;
                default:
                    throw new NotSupportedException($"Partition values of type {types[i].Name} are not supported.");
            }
        }
    }

    private static FieldSummary Summarize(PrimitiveType type, IEnumerable<object?> values)
    {
        var present = values.ToList();
        var nonNull = present.Where(v => v is not null).Cast<object>().ToList();
        if (nonNull.Count == 0)
        {
            return new FieldSummary(present.Count > 0, false, null, null);
        }

        var lower = nonNull.Aggregate((a, b) => IcebergValues.Compare(type, a, b) <= 0 ? a : b);
        var upper = nonNull.Aggregate((a, b) => IcebergValues.Compare(type, a, b) >= 0 ? a : b);
        return new FieldSummary(nonNull.Count < present.Count, false, IcebergValues.Serialize(type, lower), IcebergValues.Serialize(type, upper));
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
