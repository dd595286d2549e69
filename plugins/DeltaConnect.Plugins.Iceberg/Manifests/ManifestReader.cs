using Avro.File;
using Avro.Generic;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// Reads the entries of a v2 manifest (any writer's schema, resolved by field name). Snapshot ids and sequence numbers
/// that an entry leaves null are inherited from the manifest's list entry, as the spec says, so every entry read has
/// them explicitly.
/// </summary>
internal static class ManifestReader
{
    /// <summary>The entries of the manifest at <paramref name="localPath"/>, whose partition tuples are of <paramref name="spec"/> (result types <paramref name="partitionTypes"/>).</summary>
    public static List<ManifestEntry> Read(string localPath, ManifestFile manifest, PartitionSpec spec, IReadOnlyList<PrimitiveType> partitionTypes)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(partitionTypes);
        using var reader = DataFileReader<GenericRecord>.OpenReader(localPath);
        var entries = new List<ManifestEntry>();
        while (reader.HasNext())
        {
            var entry = reader.Next();
            var status = (int)entry["status"];
            var file = (GenericRecord)entry["data_file"];
            // Only ADDED entries inherit sequence numbers; the snapshot id is inherited by any entry without one. A manifest
            // of the commit in progress has no sequence number yet (-1): its entries keep inheriting.
            var inherits = status == ManifestEntry.Added && manifest.SequenceNumber >= 0;
            entries.Add(new ManifestEntry(
                status,
                Optional<long>(entry, "snapshot_id") ?? manifest.AddedSnapshotId,
                Optional<long>(entry, "sequence_number") ?? (inherits ? manifest.SequenceNumber : null),
                Optional<long>(entry, "file_sequence_number") ?? (inherits ? manifest.SequenceNumber : null),
                new DataFile(
                    Path: (string)file["file_path"],
                    RecordCount: (long)file["record_count"],
                    FileSizeInBytes: (long)file["file_size_in_bytes"],
                    ColumnSizes: IntKeyedMap<long>(file, "column_sizes"),
                    ValueCounts: IntKeyedMap<long>(file, "value_counts"),
                    NullValueCounts: IntKeyedMap<long>(file, "null_value_counts"),
                    NanValueCounts: IntKeyedMap<long>(file, "nan_value_counts"),
                    LowerBounds: IntKeyedMap<byte[]>(file, "lower_bounds"),
                    UpperBounds: IntKeyedMap<byte[]>(file, "upper_bounds"),
                    SplitOffsets: Array<long>(file, "split_offsets") ?? [])
                {
                    Content = file.TryGetValue("content", out var content) ? (int)content : DataFile.DataContent,
                    EqualityIds = Array<int>(file, "equality_ids"),
                    Partition = Partition((GenericRecord)file["partition"], spec, partitionTypes),
                    KeyMetadata = file.TryGetValue("key_metadata", out var key) ? key as byte[] : null,
                    SortOrderId = Optional<int>(file, "sort_order_id"),
                }));
        }

        return entries;
    }

    private static T? Optional<T>(GenericRecord record, string field)
        where T : struct =>
        record.TryGetValue(field, out var value) && value is T typed ? typed : null;

    private static Dictionary<int, T> IntKeyedMap<T>(GenericRecord record, string field)
    {
        var map = new Dictionary<int, T>();
        if (record.TryGetValue(field, out var value) && value is object[] pairs)
        {
            foreach (var pair in pairs.Cast<GenericRecord>())
            {
                map[(int)pair["key"]] = (T)pair["value"];
            }
        }

        return map;
    }

    private static List<T>? Array<T>(GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) && value is object[] items ? [.. items.Cast<T>()] : null;

    /// <summary>
    /// The partition tuple in the spec's field order (fields matched by name, as the Avro schema names them), in canonical
    /// form: Apache.Avro reads the logical types date, time-micros and timestamp-micros as <see cref="DateTime"/> and
    /// <see cref="TimeSpan"/>, which go back to days and microseconds.
    /// </summary>
    private static PartitionKey Partition(GenericRecord record, PartitionSpec spec, IReadOnlyList<PrimitiveType> types) => spec.IsUnpartitioned
        ? PartitionKey.Empty
        : new PartitionKey([.. spec.Fields.Select((f, i) => Canonical(record.TryGetValue(f.Name, out var value) ? value : null, types[i], f.Name))]);

    private static object? Canonical(object? value, PrimitiveType type, string field) => (type.Kind, value) switch
    {
        (_, null) => null,
        (PrimitiveKind.Date, DateTime date) => (int)Math.Floor((date - DateTime.UnixEpoch).TotalDays),
        (PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz, DateTime timestamp) =>
            IcebergValues.TimestampMicros(new DateTimeOffset(DateTime.SpecifyKind(timestamp, DateTimeKind.Utc))),
        (PrimitiveKind.Time, TimeSpan time) => time.Ticks / 10,
        (PrimitiveKind.Boolean, bool) or (PrimitiveKind.Int or PrimitiveKind.Date, int) or (PrimitiveKind.Long or PrimitiveKind.Time or PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz, long)
            or (PrimitiveKind.String, string) or (PrimitiveKind.Binary, byte[]) => value,
        _ => throw new FormatException($"Manifest partition field '{field}' holds a {value.GetType().Name}, not a {type.Name} value."),
    };
}
