using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Plugins.Iceberg.Parquet;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// A table as a catalog serves it. The writer side is the same for every catalog: data files, delete files and
/// manifests go under the table's location (which must be a local path or <c>file://</c> URI), a manifest list and the
/// next metadata are built on the metadata the commit is based on; only the last step, swapping the table from that
/// metadata to the next one atomically, is the catalog's (<see cref="TryCommit"/>).
/// </summary>
internal abstract class CatalogTable
{
    protected CatalogTable(TableMetadata metadata) => Metadata = metadata;

    /// <summary>The metadata this handle is based on (refreshed after conflicts).</summary>
    public TableMetadata Metadata { get; protected set; }

    /// <summary>The table's directory on the local filesystem (its metadata <c>location</c>).</summary>
    public string Root => LocalPath(Metadata.Location);

    public string MetadataDirectory => Path.Combine(Root, "metadata");

    /// <summary>The location of the current metadata file, recorded in the next metadata's <c>metadata-log</c>.</summary>
    protected abstract string CurrentMetadataFile { get; }

    /// <summary>Re-reads the table's current metadata from the catalog.</summary>
    public abstract void Refresh();

    /// <summary>
    /// Swaps the table from <see cref="Metadata"/> to <paramref name="next"/> atomically. True: the table now holds
    /// <paramref name="next"/>'s snapshot and <see cref="Metadata"/> is updated. False: the catalog did not apply it
    /// (another writer committed first, or a failed commit was found not applied); <paramref name="reason"/> says why and
    /// the caller refreshes and retries on fresh metadata.
    /// </summary>
    protected abstract bool TryCommit(TableMetadata next, out string reason);

    /// <summary>
    /// Appends the rows as one new data file in one snapshot. Data file and manifest are written once; on a conflict the
    /// table is refreshed and only the manifest list and metadata are rewritten, at most <paramref name="maxRetries"/> times.
    /// </summary>
    public long Append(IReadOnlyList<Struct> rows, int maxRetries = 4)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Commit(new RowDelta(rows, [], []), maxRetries);
    }

    /// <summary>
    /// Commits one snapshot holding the delta's data file and equality delete file (each only when it has rows) plus the
    /// summary properties the delta computes from the metadata it is based on (recomputed on every retry, so that
    /// properties merged from the newest snapshot stay correct). Deletes have the snapshot's sequence number, so they
    /// remove matching rows of earlier snapshots only, never the rows this snapshot adds. With neither rows nor deletes
    /// the snapshot carries only its summary (e.g. advanced consumer offsets). The snapshot id stays the same on every
    /// attempt, so a commit whose outcome was unknown can be recognised in the table afterwards. Data and delete files
    /// are rolled at <paramref name="targetFileSizeBytes"/> (null: the table's <see cref="TargetFileSizeBytes"/>).
    /// </summary>
    public long Commit(RowDelta delta, int maxRetries = 4, long? targetFileSizeBytes = null)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var schema = Metadata.CurrentSchema;
        var targetBytes = targetFileSizeBytes ?? TargetFileSizeBytes;
        // A REST catalog hands out a location without creating anything there.
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        Directory.CreateDirectory(MetadataDirectory);
        var snapshotId = TableMetadata.NewSnapshotId();
        var added = new List<ManifestFile>(2);
        long addedRecords = 0, addedDeletes = 0;
        int addedDataFiles = 0, addedDeleteFiles = 0;
        if (delta.Rows.Count > 0 || (delta.Deletes.Count == 0 && delta.Summary is null))
        {
            var dataFiles = ParquetDataFileWriter.Write(() => Path.Combine(Root, "data", $"{Guid.NewGuid():N}.parquet"), schema, delta.Rows, targetBytes)
                .Select(f => f with { Path = ToUri(f.Path) }).ToList();
            added.Add(WriteManifest(schema, snapshotId, dataFiles));
            addedRecords = dataFiles.Sum(f => f.RecordCount);
            addedDataFiles = dataFiles.Count;
        }

        if (delta.Deletes.Count > 0)
        {
            var deleteSchema = DeleteSchema(schema, delta.EqualityFieldIds);
            var deleteFiles = ParquetDataFileWriter.Write(() => Path.Combine(Root, "data", $"{Guid.NewGuid():N}-deletes.parquet"), deleteSchema, delta.Deletes, targetBytes)
                .Select(f => f with { Path = ToUri(f.Path), Content = DataFile.EqualityDeleteContent, EqualityIds = [.. delta.EqualityFieldIds] })
                .ToList();
            added.Add(WriteManifest(deleteSchema, snapshotId, deleteFiles));
            addedDeletes = deleteFiles.Sum(f => f.RecordCount);
            addedDeleteFiles = deleteFiles.Count;
        }

        var changes = new SnapshotChanges(
            AddedDataFiles: addedDataFiles,
            AddedRecords: addedRecords,
            AddedDeleteFiles: addedDeleteFiles,
            AddedEqualityDeletes: addedDeletes);
        for (var attempt = 0; ; attempt++)
        {
            var previous = Metadata.CurrentManifestList is { } list ? ManifestListReader.Read(LocalPath(list)) : [];
            var sequenceNumber = Metadata.LastSequenceNumber + 1;
            var manifestListPath = Path.Combine(MetadataDirectory, $"snap-{snapshotId}-{attempt + 1}-{Guid.NewGuid():N}.avro");
            ManifestListWriter.Write(manifestListPath, snapshotId, Metadata.CurrentSnapshotId, sequenceNumber, [.. added, .. previous]);

            var next = Metadata.WithSnapshot(
                snapshotId,
                ToUri(manifestListPath),
                changes,
                delta.Summary?.Invoke(Metadata) ?? new Dictionary<string, string>(),
                previousMetadataFile: CurrentMetadataFile,
                nowMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (TryCommit(next, out var reason))
            {
                return snapshotId;
            }

            File.Delete(manifestListPath);
            if (attempt >= maxRetries)
            {
                throw new CommitConflictException(
                    $"Commit of snapshot {snapshotId} to {Root} failed: {reason} ({attempt + 1} attempt(s)). Refresh the table and retry the commit.");
            }

            Refresh();
        }
    }

    /// <summary>The local path of a table, metadata or data file location (a path or <c>file://</c> URI).</summary>
    public static string LocalPath(string location)
    {
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            throw new NotSupportedException(
                $"Location {location} is not on the local filesystem: this sink writes data files to local paths or file:// URIs only; " +
                "give the table (or the catalog's warehouse) a file:// location.");
        }

        return uri?.LocalPath ?? Path.GetFullPath(location);
    }

    protected static string ToUri(string path) => new Uri(path).AbsoluteUri;

    /// <summary>
    /// The table property <c>write.target-file-size-bytes</c> (as in Apache Iceberg), else 512 MiB: data and delete files
    /// are rolled once they reach it.
    /// </summary>
    public long TargetFileSizeBytes =>
        Metadata.Json["properties"]?[TargetFileSizeProperty]?.GetValue<string>() is { } text
        && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : DefaultTargetFileSizeBytes;

    /// <summary>Apache Iceberg's table property for the data file size target.</summary>
    public const string TargetFileSizeProperty = "write.target-file-size-bytes";

    /// <summary>Apache Iceberg's default for <see cref="TargetFileSizeProperty"/>: 512 MiB.</summary>
    public const long DefaultTargetFileSizeBytes = 512L * 1024 * 1024;

    private ManifestFile WriteManifest(IcebergSchema schema, long snapshotId, IReadOnlyList<DataFile> files)
    {
        var manifestPath = Path.Combine(MetadataDirectory, $"{Guid.NewGuid():N}-m0.avro");
        return ManifestWriter.Write(manifestPath, schema, snapshotId, files) with { Path = ToUri(manifestPath) };
    }

    /// <summary>The schema of an equality delete file: the table's equality columns with their field ids.</summary>
    private static IcebergSchema DeleteSchema(IcebergSchema schema, IReadOnlyList<int> equalityFieldIds)
    {
        if (equalityFieldIds.Count == 0)
        {
            throw new ArgumentException("Equality deletes need at least one equality field id.", nameof(equalityFieldIds));
        }

        var fields = equalityFieldIds.Select(id => schema.Fields.FirstOrDefault(f => f.Id == id)
            ?? throw new ArgumentException($"Equality field id {id} is not a top-level field of the table schema.", nameof(equalityFieldIds)));
        return new IcebergSchema(schema.SchemaId, [.. fields]);
    }
}
