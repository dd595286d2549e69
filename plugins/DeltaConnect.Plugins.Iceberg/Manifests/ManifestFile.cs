namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>A manifest as a manifest list records it (spec <c>manifest_file</c>); partition summaries are not kept.</summary>
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
    long DeletedRowsCount);
