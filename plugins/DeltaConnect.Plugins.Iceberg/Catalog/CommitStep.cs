namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// The points a commit passes, in order. Until <see cref="BeforePointerSwap"/> nothing is committed (the files are
/// orphans if the process dies); from there on the snapshot is committed. Reported to the observer of
/// <see cref="CatalogTable.Commit"/> (the sink's crash test hook).
/// </summary>
internal enum CommitStep
{
    /// <summary>The Parquet data and delete files are written.</summary>
    DataFilesWritten,

    /// <summary>The manifests naming them are written.</summary>
    ManifestsWritten,

    /// <summary>The snapshot's manifest list is written.</summary>
    ManifestListWritten,

    /// <summary>The next metadata file's content is written to its temporary file, not yet linked to its final name.</summary>
    MetadataWritten,

    /// <summary>
    /// <c>v&lt;N+1&gt;.metadata.json</c> is linked (the atomic commit point) but <c>version-hint.text</c> still names
    /// version N; loading probes past the hint, so the snapshot counts as committed.
    /// </summary>
    BeforePointerSwap,

    /// <summary><c>version-hint.text</c> names the new version; the caller has not acted on the commit yet.</summary>
    AfterPointerSwap,
}
