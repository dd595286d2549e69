using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Partitions;

/// <summary>A partition field: a transform of a source column, with its own field id (1000 and up) and name.</summary>
internal sealed record PartitionField(int SourceId, int FieldId, string Name, PartitionTransform Transform)
{
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["transform"] = Transform.Name,
        ["source-id"] = SourceId,
        ["field-id"] = FieldId,
    };

    public static PartitionField FromJson(JsonObject obj) => new(
        obj["source-id"]!.GetValue<int>(),
        obj["field-id"]!.GetValue<int>(),
        obj["name"]!.GetValue<string>(),
        PartitionTransform.Parse(obj["transform"]!.GetValue<string>()));
}
