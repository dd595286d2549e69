using DeltaConnect.Plugins.Iceberg.Partitions;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// A data file as a manifest records it (spec <c>data_file</c>): location, format, counts and per-column metrics keyed
/// by field id; bounds use the single-value binary serialization. Equality delete files have the same shape plus
/// <see cref="EqualityIds"/>.
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
    /// <summary>Spec <c>content</c> of a data file.</summary>
    public const int DataContent = 0;

    /// <summary>Spec <c>content</c> of a position delete file.</summary>
    public const int PositionDeleteContent = 1;

    /// <summary>Spec <c>content</c> of an equality delete file.</summary>
    public const int EqualityDeleteContent = 2;

    /// <summary>Spec <c>content</c>: <see cref="DataContent"/> or <see cref="EqualityDeleteContent"/>.</summary>
    public int Content { get; init; } = DataContent;

    /// <summary>Spec <c>equality_ids</c>: the field ids an equality delete file matches rows on (null for data files).</summary>
    public IReadOnlyList<int>? EqualityIds { get; init; }

    /// <summary>Spec <c>partition</c>: the file's partition tuple (empty for an unpartitioned spec).</summary>
    public PartitionKey Partition { get; init; } = PartitionKey.Empty;

    /// <summary>Spec <c>key_metadata</c> (encryption key metadata of files other writers added; this writer sets none).</summary>
    public byte[]? KeyMetadata { get; init; }

    /// <summary>Spec <c>sort_order_id</c> (of files other writers added; this writer's files are unsorted: null).</summary>
    public int? SortOrderId { get; init; }

    public static string FileFormat => "PARQUET";
}
