using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>An Iceberg list; its element has its own field id.</summary>
internal sealed class ListType(int elementId, IcebergType element, bool elementRequired) : IcebergType
{
    public int ElementId { get; } = elementId;

    public IcebergType Element { get; } = element;

    public bool ElementRequired { get; } = elementRequired;

    public override JsonNode ToJson() => new JsonObject
    {
        ["type"] = "list",
        ["element-id"] = ElementId,
        ["element"] = Element.ToJson(),
        ["element-required"] = ElementRequired,
    };
}
