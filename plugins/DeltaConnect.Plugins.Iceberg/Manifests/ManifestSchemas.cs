using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;
using static DeltaConnect.Plugins.Iceberg.Avro.AvroSchemaBuilder;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>The v2 Avro schemas of manifests (<c>manifest_entry</c>) and manifest lists (<c>manifest_file</c>), field ids per the spec.</summary>
internal static class ManifestSchemas
{
    /// <summary>The schema of a manifest whose partition tuple is <paramref name="partition"/> (an empty record when unpartitioned).</summary>
    public static string ManifestEntry(JsonObject partition) => Record(
        "manifest_entry",
        Required("status", "int", 0),
        Optional("snapshot_id", "long", 1),
        Optional("sequence_number", "long", 3),
        Optional("file_sequence_number", "long", 4),
        Required("data_file", Record(
            "r2",
            Required("content", "int", 134),
            Required("file_path", "string", 100),
            Required("file_format", "string", 101),
            Required("partition", partition, 102),
            Required("record_count", "long", 103),
            Required("file_size_in_bytes", "long", 104),
            Optional("column_sizes", IntKeyedMap(117, "long", 118), 108),
            Optional("value_counts", IntKeyedMap(119, "long", 120), 109),
            Optional("null_value_counts", IntKeyedMap(121, "long", 122), 110),
            Optional("nan_value_counts", IntKeyedMap(138, "long", 139), 137),
            Optional("lower_bounds", IntKeyedMap(126, "bytes", 127), 125),
            Optional("upper_bounds", IntKeyedMap(129, "bytes", 130), 128),
            Optional("key_metadata", "bytes", 131),
            Optional("split_offsets", Array("long", 133), 132),
            Optional("equality_ids", Array("int", 136), 135),
            Optional("sort_order_id", "int", 140)), 2)).ToJsonString();

    public static string ManifestFile { get; } = Record(
        "manifest_file",
        Required("manifest_path", "string", 500),
        Required("manifest_length", "long", 501),
        Required("partition_spec_id", "int", 502),
        Required("content", "int", 517),
        Required("sequence_number", "long", 515),
        Required("min_sequence_number", "long", 516),
        Required("added_snapshot_id", "long", 503),
        Required("added_files_count", "int", 504),
        Required("existing_files_count", "int", 505),
        Required("deleted_files_count", "int", 506),
        Required("added_rows_count", "long", 512),
        Required("existing_rows_count", "long", 513),
        Required("deleted_rows_count", "long", 514),
        Optional("partitions", Array(Record(
            "r508",
            Required("contains_null", "boolean", 509),
            Optional("contains_nan", "boolean", 518),
            Optional("lower_bound", "bytes", 510),
            Optional("upper_bound", "bytes", 511)), 508), 507),
        Optional("key_metadata", "bytes", 519)).ToJsonString();

    /// <summary>The Avro record of a spec's partition tuple: one optional field per partition field, with its field id.</summary>
    public static JsonObject PartitionRecord(PartitionSpec spec, IReadOnlyList<PrimitiveType> types)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(types);
        return Record("r102", [.. spec.Fields.Select((f, i) => Optional(f.Name, AvroType(types[i]), f.FieldId))]);
    }

    private static JsonNode AvroType(PrimitiveType type) => type.Kind switch
    {
        PrimitiveKind.Boolean => "boolean",
        PrimitiveKind.Int => "int",
        PrimitiveKind.Long => "long",
        PrimitiveKind.String => "string",
        PrimitiveKind.Binary => "bytes",
        PrimitiveKind.Date => new JsonObject { ["type"] = "int", ["logicalType"] = "date" },
        PrimitiveKind.Time => new JsonObject { ["type"] = "long", ["logicalType"] = "time-micros" },
        PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz => new JsonObject
        {
            ["type"] = "long",
            ["logicalType"] = "timestamp-micros",
            ["adjust-to-utc"] = type.Kind == PrimitiveKind.Timestamptz,
        },
        _ => throw new NotSupportedException($"Partition values of type {type.Name} are not supported."),
    };
}
