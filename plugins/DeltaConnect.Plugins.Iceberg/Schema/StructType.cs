using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>An Iceberg struct: an ordered list of fields with unique names.</summary>
internal sealed class StructType(IReadOnlyList<NestedField> fields) : IcebergType
{
    public IReadOnlyList<NestedField> Fields { get; } = fields;

    public override JsonNode ToJson() => ToJsonObject();

    public JsonObject ToJsonObject() => new()
    {
        ["type"] = "struct",
        ["fields"] = new JsonArray([.. Fields.Select(f => (JsonNode)f.ToJson())]),
    };

    public static StructType FromJson(JsonObject obj) =>
        new([.. obj["fields"]!.AsArray().Select(f => NestedField.FromJson(f!.AsObject()))]);
}
