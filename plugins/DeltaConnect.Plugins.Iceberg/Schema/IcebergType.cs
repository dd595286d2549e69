using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>An Iceberg type (spec "Schemas and Data Types"): a primitive, or a struct, list or map whose children carry field ids.</summary>
internal abstract class IcebergType
{
    /// <summary>The type's JSON form in table metadata (a string for primitives, an object for nested types).</summary>
    public abstract JsonNode ToJson();

    public static IcebergType FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is JsonValue value)
        {
            return PrimitiveType.Parse(value.GetValue<string>());
        }

        var obj = node.AsObject();
        var type = obj["type"]?.GetValue<string>();
        return type switch
        {
            "struct" => StructType.FromJson(obj),
            "list" => new ListType(
                obj["element-id"]!.GetValue<int>(),
                FromJson(obj["element"]!),
                obj["element-required"]!.GetValue<bool>()),
            "map" => new MapType(
                obj["key-id"]!.GetValue<int>(),
                FromJson(obj["key"]!),
                obj["value-id"]!.GetValue<int>(),
                FromJson(obj["value"]!),
                obj["value-required"]!.GetValue<bool>()),
            _ => throw new FormatException($"Unknown Iceberg nested type '{type}' in schema JSON."),
        };
    }

    public override string ToString() => ToJson().ToJsonString();
}
