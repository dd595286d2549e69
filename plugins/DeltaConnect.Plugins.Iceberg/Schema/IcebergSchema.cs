using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>A table schema: a struct with a schema id; its JSON form is the struct's plus <c>schema-id</c>.</summary>
internal sealed class IcebergSchema(int schemaId, IReadOnlyList<NestedField> fields)
{
    public int SchemaId { get; } = schemaId;

    public StructType Struct { get; } = new(fields);

    public IReadOnlyList<NestedField> Fields => Struct.Fields;

    /// <summary>The highest field id in the schema, nested ids included (the table's <c>last-column-id</c>).</summary>
    public int HighestFieldId => HighestId(Struct);

    public JsonObject ToJson()
    {
        var obj = new JsonObject { ["type"] = "struct", ["schema-id"] = SchemaId };
        obj["fields"] = new JsonArray([.. Fields.Select(f => (JsonNode)f.ToJson())]);
        return obj;
    }

    public string ToJsonString() => ToJson().ToJsonString();

    public static IcebergSchema FromJson(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new IcebergSchema(obj["schema-id"]?.GetValue<int>() ?? 0, StructType.FromJson(obj).Fields);
    }

    private static int HighestId(IcebergType type) => type switch
    {
        StructType s => s.Fields.Select(f => Math.Max(f.Id, HighestId(f.Type))).DefaultIfEmpty(0).Max(),
        ListType l => Math.Max(l.ElementId, HighestId(l.Element)),
        MapType m => Math.Max(Math.Max(m.KeyId, m.ValueId), Math.Max(HighestId(m.Key), HighestId(m.Value))),
        _ => 0,
    };
}
