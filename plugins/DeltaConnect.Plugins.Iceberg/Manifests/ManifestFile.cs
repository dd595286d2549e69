namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>A manifest as a manifest list records it (spec <c>manifest_file</c>).</summary>
internal sealed record ManifestFile(
    string Path,
    long Length,
    int PartitionSpecId,
    int Content,
    long SequenceNumber,
    long MinSequenceNumber,
    long AddedSnapshotId,
    int AddedFilesCount,
    int ExistingFilesCount,
    int DeletedFilesCount,
    long AddedRowsCount,
    long ExistingRowsCount,
    long DeletedRowsCount)
{
    /// <summary>Spec <c>partitions</c>: one summary per partition field of the manifest's spec.</summary>
    public IReadOnlyList<FieldSummary> Partitions { get; init; } = [];
}
