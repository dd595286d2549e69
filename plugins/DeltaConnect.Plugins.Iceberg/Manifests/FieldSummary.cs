namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// A manifest list's summary of one partition field over a manifest's files (spec <c>field_summary</c>): whether any
/// value is null or NaN, and the bounds in single-value binary form (null when every value is null).
/// </summary>
internal sealed record FieldSummary(bool ContainsNull, bool? ContainsNan, byte[]? LowerBound, byte[]? UpperBound);
