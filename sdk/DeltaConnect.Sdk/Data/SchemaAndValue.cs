namespace DeltaConnect.Sdk.Data;

/// <summary>A value with the schema that describes it (either may be null).</summary>
/// <param name="Schema">The schema, or null when the data is schemaless.</param>
/// <param name="Value">The value.</param>
public sealed record SchemaAndValue(Schema? Schema, object? Value)
{
    /// <summary>No schema and no value.</summary>
    public static SchemaAndValue Null { get; } = new(null, null);
}
