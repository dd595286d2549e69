using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Sdk.Records;

/// <summary>One record header: a key and a value with an optional schema.</summary>
/// <param name="Key">The header key.</param>
/// <param name="Schema">The value's schema, or null.</param>
/// <param name="Value">The value.</param>
public sealed record ConnectHeader(string Key, Schema? Schema, object? Value);
