namespace DeltaConnect.Plugins.Iceberg.Metadata;

/// <summary>What one snapshot adds, for its summary's <c>added-*</c> and <c>total-*</c> counters.</summary>
internal sealed record SnapshotChanges(long AddedDataFiles, long AddedRecords, long AddedDeleteFiles, long AddedEqualityDeletes)
{
    /// <summary>Of <see cref="AddedDeleteFiles"/>, the position delete files.</summary>
    public long AddedPositionDeleteFiles { get; init; }

    /// <summary>Rows deleted by position.</summary>
    public long AddedPositionDeletes { get; init; }
}
