using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>A named struct field with its Iceberg field id.</summary>
internal sealed record NestedField(int Id, string Name, bool Required, IcebergType Type, string? Doc = null)
{
    public JsonObject ToJson()
    {
        var obj = new JsonObject
        {
            ["id"] = Id,
            ["name"] = Name,
            ["required"] = Required,
            ["type"] = Type.ToJson(),
        };
        if (Doc is not null)
        {
            obj["doc"] = Doc;
        }

        return obj;
    }

    public static NestedField FromJson(JsonObject obj) => new(
        obj["id"]!.GetValue<int>(),
        obj["name"]!.GetValue<string>(),
        obj["required"]!.GetValue<bool>(),
        IcebergType.FromJson(obj["type"]!),
        obj["doc"]?.GetValue<string>());
}
