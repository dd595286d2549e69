namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// A manifest entry (spec <c>manifest_entry</c>): a file, the snapshot that added it and its sequence numbers. Read
/// entries carry the values they inherit from their manifest's list entry; entries to write with null sequence numbers
/// (and <see cref="Added"/> status) inherit the snapshot's.
/// </summary>
internal sealed record ManifestEntry(int Status, long SnapshotId, long? SequenceNumber, long? FileSequenceNumber, DataFile File)
{
    /// <summary>Spec status of a file added in an earlier snapshot and carried over (e.g. by a manifest merge).</summary>
    public const int Existing = 0;

    /// <summary>Spec status of a file added by the manifest's snapshot.</summary>
    public const int Added = 1;

    /// <summary>Spec status of a file removed by the manifest's snapshot.</summary>
    public const int Deleted = 2;
}
