using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Metadata;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// A commit as the Iceberg REST catalog takes it: <c>requirements</c> the table must still meet (it is the table the
/// commit was based on) and <c>updates</c> that turn it into the next metadata. Both are derived from the base and next
/// metadata documents, so any change expressed in <see cref="TableMetadata"/> (snapshots, refs, schemas, partition specs,
/// sort orders, properties) is sent without the writer building updates by hand.
/// </summary>
internal static class TableChanges
{
    public static JsonArray Requirements(TableMetadata @base, TableMetadata next)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(next);
        var requirements = new JsonArray
        {
            new JsonObject { ["type"] = "assert-table-uuid", ["uuid"] = @base.Json["table-uuid"]!.GetValue<string>() },
            // null: the branch must not exist yet (a table without snapshots).
            new JsonObject { ["type"] = "assert-ref-snapshot-id", ["ref"] = "main", ["snapshot-id"] = MainSnapshotId(@base) },
        };
        if (Added(@base, next, "schemas", "schema-id").Any() || Changed(@base, next, "current-schema-id"))
        {
            requirements.Add(new JsonObject { ["type"] = "assert-current-schema-id", ["current-schema-id"] = @base.Json["current-schema-id"]!.DeepClone() });
            requirements.Add(new JsonObject { ["type"] = "assert-last-assigned-field-id", ["last-assigned-field-id"] = @base.Json["last-column-id"]!.DeepClone() });
        }

        if (Added(@base, next, "partition-specs", "spec-id").Any() || Changed(@base, next, "default-spec-id"))
        {
            requirements.Add(new JsonObject { ["type"] = "assert-default-spec-id", ["default-spec-id"] = @base.Json["default-spec-id"]!.DeepClone() });
            requirements.Add(new JsonObject { ["type"] = "assert-last-assigned-partition-id", ["last-assigned-partition-id"] = @base.Json["last-partition-id"]!.DeepClone() });
        }

        return requirements;
    }

    public static JsonArray Updates(TableMetadata @base, TableMetadata next)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(next);
        var updates = new JsonArray();
        if (Changed(@base, next, "format-version"))
        {
            updates.Add(new JsonObject { ["action"] = "upgrade-format-version", ["format-version"] = next.Json["format-version"]!.DeepClone() });
        }

        foreach (var schema in Added(@base, next, "schemas", "schema-id"))
        {
            updates.Add(new JsonObject { ["action"] = "add-schema", ["schema"] = schema.DeepClone(), ["last-column-id"] = next.Json["last-column-id"]!.DeepClone() });
        }

        if (Changed(@base, next, "current-schema-id"))
        {
            updates.Add(new JsonObject { ["action"] = "set-current-schema", ["schema-id"] = next.Json["current-schema-id"]!.DeepClone() });
        }

        foreach (var spec in Added(@base, next, "partition-specs", "spec-id"))
        {
            updates.Add(new JsonObject { ["action"] = "add-spec", ["spec"] = spec.DeepClone() });
        }

        if (Changed(@base, next, "default-spec-id"))
        {
            updates.Add(new JsonObject { ["action"] = "set-default-spec", ["spec-id"] = next.Json["default-spec-id"]!.DeepClone() });
        }

        foreach (var order in Added(@base, next, "sort-orders", "order-id"))
        {
            updates.Add(new JsonObject { ["action"] = "add-sort-order", ["sort-order"] = order.DeepClone() });
        }

        if (Changed(@base, next, "default-sort-order-id"))
        {
            updates.Add(new JsonObject { ["action"] = "set-default-sort-order", ["sort-order-id"] = next.Json["default-sort-order-id"]!.DeepClone() });
        }

        foreach (var snapshot in Added(@base, next, "snapshots", "snapshot-id"))
        {
            updates.Add(new JsonObject { ["action"] = "add-snapshot", ["snapshot"] = snapshot.DeepClone() });
        }

        var baseRefs = @base.Json["refs"] as JsonObject ?? [];
        foreach (var (name, reference) in next.Json["refs"] as JsonObject ?? [])
        {
            if (reference is not null && !JsonNode.DeepEquals(reference, baseRefs[name]))
            {
                var update = new JsonObject { ["action"] = "set-snapshot-ref", ["ref-name"] = name };
                foreach (var (key, value) in reference.AsObject())
                {
                    update[key] = value?.DeepClone();
                }

                updates.Add(update);
            }
        }

        var baseProperties = @base.Json["properties"] as JsonObject ?? [];
        var nextProperties = next.Json["properties"] as JsonObject ?? [];
        var set = new JsonObject();
        foreach (var (key, value) in nextProperties)
        {
            if (!JsonNode.DeepEquals(value, baseProperties[key]))
            {
                set[key] = value?.DeepClone();
            }
        }

        if (set.Count > 0)
        {
            updates.Add(new JsonObject { ["action"] = "set-properties", ["updates"] = set });
        }

        var removed = baseProperties.Where(p => !nextProperties.ContainsKey(p.Key)).Select(p => (JsonNode?)p.Key).ToArray();
        if (removed.Length > 0)
        {
            updates.Add(new JsonObject { ["action"] = "remove-properties", ["removals"] = new JsonArray(removed) });
        }

        return updates;
    }

    private static long? MainSnapshotId(TableMetadata metadata) =>
        metadata.Json["refs"]?["main"]?["snapshot-id"]?.GetValue<long>() ?? metadata.CurrentSnapshotId;

    private static bool Changed(TableMetadata @base, TableMetadata next, string key) => !JsonNode.DeepEquals(@base.Json[key], next.Json[key]);

    /// <summary>Elements of the array <paramref name="key"/> in <paramref name="next"/> whose <paramref name="id"/> the base lacks.</summary>
    private static IEnumerable<JsonNode> Added(TableMetadata @base, TableMetadata next, string key, string id)
    {
        var known = (@base.Json[key] as JsonArray ?? []).Select(e => e?[id]?.ToJsonString()).ToHashSet(StringComparer.Ordinal);
        return (next.Json[key] as JsonArray ?? []).Where(e => e is not null && !known.Contains(e[id]?.ToJsonString())).Select(e => e!);
    }
}
