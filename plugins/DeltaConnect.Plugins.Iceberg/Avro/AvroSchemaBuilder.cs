using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Avro;

/// <summary>
/// Builds the Avro schemas of Iceberg metadata files: fields carry <c>field-id</c>, optional fields are
/// <c>["null", T]</c> with a null default, and maps with int keys are arrays of key/value records marked
/// <c>logicalType: map</c> (spec Appendix A).
/// </summary>
internal static class AvroSchemaBuilder
{
    public static JsonObject Record(string name, params JsonObject[] fields) => new()
    {
        ["type"] = "record",
        ["name"] = name,
        ["fields"] = new JsonArray([.. fields]),
    };

    public static JsonObject Required(string name, JsonNode type, int fieldId) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["field-id"] = fieldId,
    };

    public static JsonObject Optional(string name, JsonNode type, int fieldId) => new()
    {
        ["name"] = name,
        ["type"] = new JsonArray("null", type),
        ["default"] = null,
        ["field-id"] = fieldId,
    };

    public static JsonObject Array(JsonNode items, int elementId) => new()
    {
        ["type"] = "array",
        ["items"] = items,
        ["element-id"] = elementId,
    };

    public static JsonObject IntKeyedMap(int keyId, string valueType, int valueId) => new()
    {
        ["type"] = "array",
        ["logicalType"] = "map",
        ["items"] = Record(
            $"k{keyId}_v{valueId}",
            Required("key", "int", keyId),
            Required("value", valueType, valueId)),
    };
}
