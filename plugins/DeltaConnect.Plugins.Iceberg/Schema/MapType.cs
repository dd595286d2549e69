using System.Text.Json.Nodes;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>An Iceberg map; keys are always required, key and value have their own field ids.</summary>
internal sealed class MapType(int keyId, IcebergType key, int valueId, IcebergType value, bool valueRequired) : IcebergType
{
    public int KeyId { get; } = keyId;

    public IcebergType Key { get; } = key;

    public int ValueId { get; } = valueId;

    public IcebergType Value { get; } = value;

    public bool ValueRequired { get; } = valueRequired;

    public override JsonNode ToJson() => new JsonObject
    {
        ["type"] = "map",
        ["key-id"] = KeyId,
        ["key"] = Key.ToJson(),
        ["value-id"] = ValueId,
        ["value"] = Value.ToJson(),
        ["value-required"] = ValueRequired,
    };
}
