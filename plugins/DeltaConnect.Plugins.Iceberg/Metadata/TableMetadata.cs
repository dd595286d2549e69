using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
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

    public static TableMetadata Create(string location, IcebergSchema schema, long nowMs) => new(new JsonObject
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
        ["partition-specs"] = new JsonArray(new JsonObject { ["spec-id"] = 0, ["fields"] = new JsonArray() }),
        // The first partition field id is 1000; an unpartitioned table has used none of them.
        ["last-partition-id"] = 999,
        ["default-sort-order-id"] = 0,
        ["sort-orders"] = new JsonArray(new JsonObject { ["order-id"] = 0, ["fields"] = new JsonArray() }),
        ["properties"] = new JsonObject { ["write.format.default"] = "parquet" },
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
    /// The metadata after an append snapshot: sequence number advanced, snapshot, logs and the main branch updated,
    /// and this metadata's own file recorded in the metadata log.
    /// </summary>
    public TableMetadata WithAppend(long snapshotId, string manifestList, long addedFiles, long addedRecords, string previousMetadataFile, long nowMs)
    {
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
        snapshot["summary"] = new JsonObject
        {
            ["operation"] = "append",
            ["added-data-files"] = Text(addedFiles),
            ["added-records"] = Text(addedRecords),
            ["total-data-files"] = Text(Total("total-data-files") + addedFiles),
            ["total-records"] = Text(Total("total-records") + addedRecords),
            ["total-delete-files"] = Text(Total("total-delete-files")),
            ["total-position-deletes"] = Text(Total("total-position-deletes")),
            ["total-equality-deletes"] = Text(Total("total-equality-deletes")),
        };
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

    private long LastUpdatedMs => Json["last-updated-ms"]!.GetValue<long>();
}
