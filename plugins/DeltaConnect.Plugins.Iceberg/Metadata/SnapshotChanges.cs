namespace DeltaConnect.Plugins.Iceberg.Metadata;

/// <summary>What one snapshot adds, for its summary's <c>added-*</c> and <c>total-*</c> counters.</summary>
internal sealed record SnapshotChanges(long AddedDataFiles, long AddedRecords, long AddedDeleteFiles, long AddedEqualityDeletes);
