namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// A data file as a manifest records it (spec <c>data_file</c>): location, format, counts and per-column metrics keyed
/// by field id; bounds use the single-value binary serialization.
/// </summary>
internal sealed record DataFile(
    string Path,
    long RecordCount,
    long FileSizeInBytes,
    IReadOnlyDictionary<int, long> ColumnSizes,
    IReadOnlyDictionary<int, long> ValueCounts,
    IReadOnlyDictionary<int, long> NullValueCounts,
    IReadOnlyDictionary<int, long> NanValueCounts,
    IReadOnlyDictionary<int, byte[]> LowerBounds,
    IReadOnlyDictionary<int, byte[]> UpperBounds,
    IReadOnlyList<long> SplitOffsets)
{
    /// <summary>Spec <c>content</c>: 0 = data (the only kind written so far).</summary>
    public static int Content => 0;

    public static string FileFormat => "PARQUET";
}
