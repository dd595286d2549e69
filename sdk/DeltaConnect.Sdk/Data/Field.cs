namespace DeltaConnect.Sdk.Data;

/// <summary>A field of a struct schema: its name, position and schema.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Index">The field's position in the struct (0-based).</param>
/// <param name="Schema">The field's schema.</param>
public sealed record Field(string Name, int Index, Schema Schema);
