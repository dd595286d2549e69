using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Cdc;

/// <summary>
/// What one snapshot copies: a table (schema.table), optionally narrowed by Debezium's <c>additional-conditions</c>
/// SQL filter, by a primary-key range (<paramref name="From"/>/<paramref name="To"/>, inclusive) or by a list of
/// primary keys. Key values are kept as text; a dialect binds them as query parameters cast to the key columns' types.
/// </summary>
/// <param name="Table">The table as <c>schema.table</c> (or <c>database.table</c>: whatever the dialect names tables by).</param>
/// <param name="Filter">An SQL condition on the table (Debezium's <c>additional-conditions</c> filter), or null.</param>
/// <param name="Keys">The primary keys to copy, one value per key column in key order, or null for every key.</param>
/// <param name="From">The lowest key to copy (inclusive), or null.</param>
/// <param name="To">The highest key to copy (inclusive), or null.</param>
public sealed record SnapshotTarget(string Table, string? Filter = null, IReadOnlyList<IReadOnlyList<string>>? Keys = null, IReadOnlyList<string>? From = null, IReadOnlyList<string>? To = null)
{
    private const string Example = "{\"data-collections\": [\"public.orders\"], \"additional-conditions\": [{\"data-collection\": \"public.orders\", \"filter\": \"id > 100\"}]}";

    /// <summary>The form kept in offsets: the table's name alone, or an object when the snapshot is narrowed.</summary>
    public JsonNode ToJson()
    {
        if (Filter is null && Keys is null && From is null && To is null)
        {
            return JsonValue.Create(Table);
        }

        var node = new JsonObject { ["table"] = Table };
        if (Filter is not null)
        {
            node["filter"] = Filter;
        }

        if (Keys is not null)
        {
            node["keys"] = new JsonArray([.. Keys.Select(k => (JsonNode)new JsonArray([.. k.Select(v => (JsonNode?)JsonValue.Create(v))]))]);
        }

        if (From is not null)
        {
            node["from"] = new JsonArray([.. From.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        if (To is not null)
        {
            node["to"] = new JsonArray([.. To.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        return node;
    }

    /// <summary>Reads the offsets' form (<see cref="ToJson"/>) back.</summary>
    /// <param name="element">A string (the table alone) or an object with <c>table</c> and the narrowing fields.</param>
    public static SnapshotTarget FromJson(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? new SnapshotTarget(element.GetString()!)
        : new SnapshotTarget(
            element.GetProperty("table").GetString()!,
            element.TryGetProperty("filter", out var filter) ? filter.GetString() : null,
            element.TryGetProperty("keys", out var keys) ? [.. keys.EnumerateArray().Select(k => (IReadOnlyList<string>)[.. k.EnumerateArray().Select(v => v.GetString()!)])] : null,
            element.TryGetProperty("from", out var from) ? [.. from.EnumerateArray().Select(v => v.GetString()!)] : null,
            element.TryGetProperty("to", out var to) ? [.. to.EnumerateArray().Select(v => v.GetString()!)] : null);

    /// <summary>
    /// The targets of an execute-snapshot signal's data: Debezium's <c>{"data-collections": [...], "type": "incremental",
    /// "additional-conditions": [{"data-collection": "schema.table", "filter": "SQL condition"}]}</c>, where an
    /// additional condition may instead (or also) give <c>"key-range": {"from": [...], "to": [...]}</c> or
    /// <c>"keys": [[...], ...]</c> (one value per primary-key column; a single-column key may be given as a plain value).
    /// </summary>
    /// <param name="data">The signal's data column (JSON).</param>
    /// <returns>One target per data collection, in the order given.</returns>
    /// <exception cref="DataException">Naming what is wrong and showing the expected shape.</exception>
    public static IReadOnlyList<SnapshotTarget> ParseSignal(string? data)
    {
        try
        {
            using var document = JsonDocument.Parse(data ?? "");
            var root = document.RootElement;
            if (!root.TryGetProperty("data-collections", out var collections) || collections.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(data, "\"data-collections\" (an array of schema.table names) is missing");
            }

            if (root.TryGetProperty("type", out var type) && !string.Equals(type.GetString(), "incremental", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(data, $"\"type\" '{type}' is not supported; snapshots here are always incremental (DBLog chunks), leave it out or use \"incremental\"");
            }

            var conditions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (root.TryGetProperty("additional-conditions", out var additional))
            {
                foreach (var condition in additional.EnumerateArray())
                {
                    var collection = condition.TryGetProperty("data-collection", out var name) ? name.GetString() : null;
                    if (collection is null || !collections.EnumerateArray().Any(c => c.GetString() == collection))
                    {
                        throw Invalid(data, $"each of \"additional-conditions\" needs a \"data-collection\" that is listed in \"data-collections\" (got '{collection}')");
                    }

                    conditions[collection] = condition;
                }
            }

            var targets = new List<SnapshotTarget>();
            foreach (var collection in collections.EnumerateArray())
            {
                var table = collection.GetString();
                if (table is null || table.Split('.') is not [{ Length: > 0 }, { Length: > 0 }])
                {
                    throw Invalid(data, $"'{collection}' in \"data-collections\" is not a schema.table name");
                }

                targets.Add(conditions.TryGetValue(table, out var condition) ? Narrowed(table, condition, data) : new SnapshotTarget(table));
            }

            return targets;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw Invalid(data, e.Message, e);
        }
    }

    private static SnapshotTarget Narrowed(string table, JsonElement condition, string? data)
    {
        var filter = condition.TryGetProperty("filter", out var f) ? f.GetString() : null;
        if (filter is not null && string.IsNullOrWhiteSpace(filter))
        {
            throw Invalid(data, $"the \"filter\" for {table} is empty");
        }

        IReadOnlyList<IReadOnlyList<string>>? keys = null;
        if (condition.TryGetProperty("keys", out var k))
        {
            keys = [.. k.EnumerateArray().Select(key => key.ValueKind == JsonValueKind.Array ? Values(key, table, data) : [Value(key, table, data)])];
            if (keys.Count == 0)
            {
                throw Invalid(data, $"\"keys\" for {table} is empty");
            }
        }

        IReadOnlyList<string>? from = null, to = null;
        if (condition.TryGetProperty("key-range", out var range))
        {
            from = range.TryGetProperty("from", out var lower) ? Bound(lower, table, data) : null;
            to = range.TryGetProperty("to", out var upper) ? Bound(upper, table, data) : null;
            if (from is null && to is null)
            {
                throw Invalid(data, $"\"key-range\" for {table} needs \"from\", \"to\" or both");
            }
        }

        return new SnapshotTarget(table, filter, keys, from, to);
    }

    private static List<string> Bound(JsonElement bound, string table, string? data) =>
        bound.ValueKind == JsonValueKind.Array ? Values(bound, table, data) : [Value(bound, table, data)];

    private static List<string> Values(JsonElement array, string table, string? data) => [.. array.EnumerateArray().Select(v => Value(v, table, data))];

    private static string Value(JsonElement value, string table, string? data) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw Invalid(data, $"a key value for {table} must be a string, number or boolean, not {value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}"),
    };

    private static DataException Invalid(string? data, string problem, Exception? inner = null) =>
        new($"The execute-snapshot signal's data is invalid: {problem}. Expected e.g. {Example}; got: {data}", inner!);
}
