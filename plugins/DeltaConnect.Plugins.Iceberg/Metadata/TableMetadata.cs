using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Metadata;

/// <summary>
/// Table metadata, format v2, kept as its JSON document so that fields written by other Iceberg implementations survive
/// our commits; the typed accessors read what appends need.
/// </summary>
internal sealed class TableMetadata
{
    /// <summary>Snapshot ids stay below 2^53 so that JSON readers that use doubles (JavaScript) keep them exact.</summary>
    private const long MaxSnapshotId = (1L << 53) - 1;

    private TableMetadata(JsonObject json) => Json = json;

    public JsonObject Json { get; }

    public string Location => Json["location"]!.GetValue<string>();

    public long LastSequenceNumber => Json["last-sequence-number"]!.GetValue<long>();

    /// <summary>The highest field id the table has ever assigned.</summary>
    public int LastColumnId => Json["last-column-id"]!.GetValue<int>();

    public long? CurrentSnapshotId => Json["current-snapshot-id"]?.GetValue<long>() is { } id && id >= 0 ? id : null;

    public IcebergSchema CurrentSchema
    {
        get
        {
            var id = Json["current-schema-id"]!.GetValue<int>();
            var schema = Json["schemas"]!.AsArray().Single(s => s!["schema-id"]!.GetValue<int>() == id)!.AsObject();
            return IcebergSchema.FromJson(schema);
        }
    }

    /// <summary>The manifest list of the current snapshot, or null for a table without snapshots.</summary>
    public string? CurrentManifestList => CurrentSnapshotId is { } id
        ? Json["snapshots"]!.AsArray().Single(s => s!["snapshot-id"]!.GetValue<long>() == id)!["manifest-list"]!.GetValue<string>()
        : null;

    public static TableMetadata Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new FormatException("Table metadata is not a JSON object."));

    public string ToJsonString() => Json.ToJsonString();

    /// <summary>The default partition spec (new data is written with it).</summary>
    public PartitionSpec DefaultSpec
    {
        get
        {
            var id = Json["default-spec-id"]!.GetValue<int>();
            return PartitionSpec.FromJson(Json["partition-specs"]!.AsArray().Single(s => s!["spec-id"]!.GetValue<int>() == id)!.AsObject());
        }
    }

    /// <summary>A new table's metadata; <paramref name="properties"/> are table properties besides <c>write.format.default</c>.</summary>
    public static TableMetadata Create(string location, IcebergSchema schema, PartitionSpec spec, long nowMs, IReadOnlyDictionary<string, string>? properties = null) => new(new JsonObject
    {
        ["format-version"] = 2,
        ["table-uuid"] = Guid.NewGuid().ToString(),
        ["location"] = location,
        ["last-sequence-number"] = 0L,
        ["last-updated-ms"] = nowMs,
        ["last-column-id"] = schema.HighestFieldId,
        ["current-schema-id"] = schema.SchemaId,
        ["schemas"] = new JsonArray(schema.ToJson()),
        ["default-spec-id"] = 0,
        ["partition-specs"] = new JsonArray(spec.ToJson()),
        // Partition field ids start at 1000; an unpartitioned table has used none of them (999).
        ["last-partition-id"] = spec.Fields.Select(f => f.FieldId).DefaultIfEmpty(PartitionSpec.FirstFieldId - 1).Max(),
        ["default-sort-order-id"] = 0,
        ["sort-orders"] = new JsonArray(new JsonObject { ["order-id"] = 0, ["fields"] = new JsonArray() }),
        ["properties"] = new JsonObject([
            new KeyValuePair<string, JsonNode?>("write.format.default", "parquet"),
            .. (properties ?? new Dictionary<string, string>()).Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)),
        ]),
        ["current-snapshot-id"] = -1L,
        ["refs"] = new JsonObject(),
        ["snapshots"] = new JsonArray(),
        ["snapshot-log"] = new JsonArray(),
        ["metadata-log"] = new JsonArray(),
    });

    /// <summary>A random positive snapshot id below 2^53.</summary>
    public static long NewSnapshotId()
    {
        while (true)
        {
            var id = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & MaxSnapshotId;
            if (id > 0)
            {
                return id;
            }
        }
    }

    /// <summary>
    /// The summary property <paramref name="key"/> of the newest snapshot on the current snapshot's ancestry that has it
    /// (other writers' snapshots in between do not hide it), or null.
    /// </summary>
    public string? FindSummaryProperty(string key)
    {
        var snapshots = Json["snapshots"]!.AsArray().ToDictionary(s => s!["snapshot-id"]!.GetValue<long>(), s => s!.AsObject());
        for (var id = CurrentSnapshotId; id is { } current && snapshots.TryGetValue(current, out var snapshot);
             id = snapshot["parent-snapshot-id"]?.GetValue<long>())
        {
            if (snapshot["summary"]?[key]?.GetValue<string>() is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// The metadata after an append snapshot: sequence number advanced, snapshot, logs and the main branch updated,
    /// and this metadata's own file recorded in the metadata log.
    /// </summary>
    public TableMetadata WithAppend(long snapshotId, string manifestList, long addedFiles, long addedRecords, string previousMetadataFile, long nowMs) =>
        WithSnapshot(snapshotId, manifestList, new SnapshotChanges(addedFiles, addedRecords, 0, 0), new Dictionary<string, string>(), previousMetadataFile, nowMs);

    /// <summary>
    /// The metadata after a snapshot that adds data and equality delete files (operation <c>append</c> without deletes,
    /// <c>overwrite</c> with them, as Iceberg's row-delta commits do); <paramref name="properties"/> are added to the summary.
    /// </summary>
    public TableMetadata WithSnapshot(
        long snapshotId,
        string manifestList,
        SnapshotChanges changes,
        IReadOnlyDictionary<string, string> properties,
        string previousMetadataFile,
        long nowMs)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(properties);
        var json = Json.DeepClone().AsObject();
        var sequenceNumber = LastSequenceNumber + 1;
        var parent = CurrentSnapshotId;
        var previousSummary = parent is { } p
            ? Json["snapshots"]!.AsArray().Single(s => s!["snapshot-id"]!.GetValue<long>() == p)!["summary"]!.AsObject()
            : null;
        long Total(string key) => long.Parse(previousSummary?[key]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
        string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

        var snapshot = new JsonObject { ["snapshot-id"] = snapshotId };
        if (parent is { } parentId)
        {
            snapshot["parent-snapshot-id"] = parentId;
        }

        snapshot["sequence-number"] = sequenceNumber;
        snapshot["timestamp-ms"] = nowMs;
        snapshot["manifest-list"] = manifestList;
        var summary = new JsonObject { ["operation"] = changes.AddedDeleteFiles > 0 ? "overwrite" : "append" };
        if (changes.AddedDataFiles > 0)
        {
            summary["added-data-files"] = Text(changes.AddedDataFiles);
            summary["added-records"] = Text(changes.AddedRecords);
        }

        if (changes.AddedDeleteFiles > 0)
        {
            summary["added-delete-files"] = Text(changes.AddedDeleteFiles);
            summary["added-equality-delete-files"] = Text(changes.AddedDeleteFiles - changes.AddedPositionDeleteFiles);
            summary["added-equality-deletes"] = Text(changes.AddedEqualityDeletes);
            if (changes.AddedPositionDeleteFiles > 0)
            {
                summary["added-position-delete-files"] = Text(changes.AddedPositionDeleteFiles);
                summary["added-position-deletes"] = Text(changes.AddedPositionDeletes);
            }
        }

        summary["total-data-files"] = Text(Total("total-data-files") + changes.AddedDataFiles);
        summary["total-records"] = Text(Total("total-records") + changes.AddedRecords);
        summary["total-delete-files"] = Text(Total("total-delete-files") + changes.AddedDeleteFiles);
        summary["total-position-deletes"] = Text(Total("total-position-deletes") + changes.AddedPositionDeletes);
        summary["total-equality-deletes"] = Text(Total("total-equality-deletes") + changes.AddedEqualityDeletes);
        foreach (var (key, value) in properties)
        {
            summary[key] = value;
        }

        snapshot["summary"] = summary;
        snapshot["schema-id"] = json["current-schema-id"]!.GetValue<int>();

        json["last-sequence-number"] = sequenceNumber;
        json["last-updated-ms"] = nowMs;
        json["current-snapshot-id"] = snapshotId;
        json["snapshots"]!.AsArray().Add(snapshot);
        json["snapshot-log"]!.AsArray().Add(new JsonObject { ["timestamp-ms"] = nowMs, ["snapshot-id"] = snapshotId });
        json["metadata-log"]!.AsArray().Add(new JsonObject { ["timestamp-ms"] = LastUpdatedMs, ["metadata-file"] = previousMetadataFile });
        json["refs"] = json["refs"] as JsonObject ?? new JsonObject();
        json["refs"]!["main"] = new JsonObject { ["snapshot-id"] = snapshotId, ["type"] = "branch" };
        return new TableMetadata(json);
    }

    /// <summary>
    /// The metadata after a schema change: <paramref name="schema"/> (whose id must be new) is added to <c>schemas</c> and
    /// becomes current, <c>last-column-id</c> advances; snapshots are untouched.
    /// </summary>
    public TableMetadata WithSchema(IcebergSchema schema, int lastColumnId, string previousMetadataFile, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var json = Json.DeepClone().AsObject();
        var schemas = json["schemas"]!.AsArray();
        var schemaId = schemas.Max(s => s!["schema-id"]!.GetValue<int>()) + 1;
        schemas.Add(new IcebergSchema(schemaId, schema.Fields).ToJson());
        json["current-schema-id"] = schemaId;
        json["last-column-id"] = Math.Max(LastColumnId, lastColumnId);
        json["last-updated-ms"] = nowMs;
        json["metadata-log"]!.AsArray().Add(new JsonObject { ["timestamp-ms"] = LastUpdatedMs, ["metadata-file"] = previousMetadataFile });
        return new TableMetadata(json);
    }

    private long LastUpdatedMs => Json["last-updated-ms"]!.GetValue<long>();
}
