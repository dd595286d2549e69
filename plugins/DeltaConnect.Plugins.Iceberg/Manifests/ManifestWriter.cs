using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Avro;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// Writes a v2 manifest: a data manifest, or a delete manifest when the files are delete files (a manifest holds one
/// kind only). Files new in the snapshot have status ADDED and null sequence numbers, so that readers inherit them from
/// the manifest list: the same manifest stays valid when a commit is retried at a later sequence. Entries carried over
/// from earlier snapshots (a manifest merge) keep their snapshot id and sequence numbers, written explicitly.
/// </summary>
internal static class ManifestWriter
{
    /// <summary>
    /// A manifest of <paramref name="entries"/>, written by snapshot <paramref name="snapshotId"/>. Its list entry's
    /// minimum sequence number is that of the oldest carried-over entry, or the snapshot's (-1, assigned by the list
    /// writer) when every entry inherits it.
    /// </summary>
    public static ManifestFile Write(string path, IcebergSchema schema, PartitionSpec spec, long snapshotId, IReadOnlyList<ManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(entries);
        var partitionTypes = spec.ResultTypes(schema);
        var deletes = entries.Count > 0 && entries[0].File.Content != DataFile.DataContent;
        if (entries.Any(e => (e.File.Content != DataFile.DataContent) != deletes))
        {
            throw new ArgumentException("A manifest holds either data files or delete files, not both.", nameof(entries));
        }

        var records = new AvroBinaryWriter();
        foreach (var entry in entries)
        {
            var file = entry.File;
            records.WriteInt(entry.Status);
            records.WriteUnionIndex(1);
            records.WriteLong(entry.SnapshotId);
            WriteOptionalLong(records, entry.SequenceNumber); // null: inherited
            WriteOptionalLong(records, entry.FileSequenceNumber);
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
            records.WriteUnionIndex(file.KeyMetadata is null ? 0 : 1);
            if (file.KeyMetadata is { } keyMetadata)
            {
                records.WriteBytes(keyMetadata);
            }

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

            WriteOptionalInt(records, file.SortOrderId); // null: unsorted
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
        var length = AvroContainerWriter.Write(path, ManifestSchemas.ManifestEntry(ManifestSchemas.PartitionRecord(spec, partitionTypes)), metadata, entries.Count, records.WrittenSpan);
        var live = entries.Where(e => e.Status != ManifestEntry.Deleted).ToList();
        return new ManifestFile(
            Path: path,
            Length: length,
            PartitionSpecId: spec.SpecId,
            Content: deletes ? 1 : 0,
            SequenceNumber: -1,
            MinSequenceNumber: live.Select(e => e.SequenceNumber).Where(n => n is not null).Select(n => n!.Value).DefaultIfEmpty(-1).Min(),
            AddedSnapshotId: snapshotId,
            AddedFilesCount: Count(entries, ManifestEntry.Added),
            ExistingFilesCount: Count(entries, ManifestEntry.Existing),
            DeletedFilesCount: Count(entries, ManifestEntry.Deleted),
            AddedRowsCount: Rows(entries, ManifestEntry.Added),
            ExistingRowsCount: Rows(entries, ManifestEntry.Existing),
            DeletedRowsCount: Rows(entries, ManifestEntry.Deleted))
        {
            Partitions = [.. partitionTypes.Select((type, i) => Summarize(type, entries.Select(e => e.File.Partition.Values[i])))],
        };

        static int Count(IReadOnlyList<ManifestEntry> entries, int status) => entries.Count(e => e.Status == status);

        static long Rows(IReadOnlyList<ManifestEntry> entries, int status) => entries.Where(e => e.Status == status).Sum(e => e.File.RecordCount);
    }

    private static void WriteOptionalLong(AvroBinaryWriter writer, long? value)
    {
        writer.WriteUnionIndex(value is null ? 0 : 1);
        if (value is { } v)
        {
            writer.WriteLong(v);
        }
    }

    private static void WriteOptionalInt(AvroBinaryWriter writer, int? value)
    {
        writer.WriteUnionIndex(value is null ? 0 : 1);
        if (value is { } v)
        {
            writer.WriteInt(v);
        }
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
