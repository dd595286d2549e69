using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Plugins.Iceberg.Parquet;
using DeltaConnect.Plugins.Iceberg.Partitions;
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
    /// <summary>The schema of position delete files (spec reserved field ids).</summary>
    private static readonly IcebergSchema PositionDeleteSchema = new(0, [
        new NestedField(2147483546, "file_path", true, PrimitiveType.String),
        new NestedField(2147483545, "pos", true, PrimitiveType.Long),
    ]);

    private static readonly Sdk.Data.Schema PositionDeleteRow = SchemaBuilder.Struct().Name("position_delete")
        .Field("file_path", Sdk.Data.Schema.String)
        .Field("pos", Sdk.Data.Schema.Int64)
        .Build();

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
    /// Commits one snapshot holding the delta's data files and delete files (each only when there are rows) plus the
    /// summary properties the delta computes from the metadata it is based on (recomputed on every retry, so that
    /// properties merged from the newest snapshot stay correct). Rows are grouped by the table's default partition spec;
    /// each partition's data and delete files are rolled at <paramref name="targetFileSizeBytes"/> (null: the table's
    /// <see cref="TargetFileSizeBytes"/>). Equality deletes have the snapshot's sequence number, so they remove matching
    /// rows of earlier snapshots only, never the rows this snapshot adds; rows a later change of the same delta superseded
    /// (<see cref="RowDelta.SupersededRows"/>) are deleted by position within the rolled file that holds them. With neither
    /// rows nor deletes the snapshot carries only its summary (e.g. advanced consumer offsets). The snapshot id stays the
    /// same on every attempt, so a commit whose outcome was unknown can be recognised in the table afterwards.
    /// <paramref name="stepReached"/> is told each <see cref="CommitStep"/> as the commit passes it (a REST table reports
    /// the steps up to the manifest list: the catalog's commit is its swap).
    /// </summary>
    public long Commit(RowDelta delta, int maxRetries = 4, long? targetFileSizeBytes = null, Action<CommitStep>? stepReached = null)
    {
        ArgumentNullException.ThrowIfNull(delta);
        StepReached = stepReached;
        try
        {
            return CommitSnapshot(delta, maxRetries, targetFileSizeBytes ?? TargetFileSizeBytes);
        }
        finally
        {
            StepReached = null;
        }
    }

    /// <summary>
    /// Commits a schema change (a new metadata version without a new snapshot) through the catalog's swap, so it works
    /// for every catalog. <paramref name="evolve"/> gets the current metadata (fresh on every retry) and returns the new
    /// schema and highest field id, or null when nothing is to change. Returns whether a change was committed.
    /// </summary>
    public bool UpdateSchema(Func<TableMetadata, (IcebergSchema Schema, int LastColumnId)?> evolve, int maxRetries = 4)
    {
        ArgumentNullException.ThrowIfNull(evolve);
        for (var attempt = 0; ; attempt++)
        {
            if (evolve(Metadata) is not { } change)
            {
                return false;
            }

            var next = Metadata.WithSchema(change.Schema, change.LastColumnId, CurrentMetadataFile, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (TryCommit(next, out var reason))
            {
                return true;
            }

            if (attempt >= maxRetries)
            {
                throw new CommitConflictException($"Schema update of {Root} failed: {reason} ({attempt + 1} attempt(s)). Refresh the table and retry.");
            }

            Refresh();
        }
    }

    /// <summary>The observer of the commit in progress (set by <see cref="Commit"/>), for the steps of <see cref="TryCommit"/>.</summary>
    protected Action<CommitStep>? StepReached { get; private set; }

    private long CommitSnapshot(RowDelta delta, int maxRetries, long targetBytes)
    {
        var schema = Metadata.CurrentSchema;
        var spec = Metadata.DefaultSpec;
        // A REST catalog hands out a location without creating anything there.
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        Directory.CreateDirectory(MetadataDirectory);
        var snapshotId = TableMetadata.NewSnapshotId();
        var dataFiles = new List<DataFile>();
        var deleteFiles = new List<DataFile>();
        var positionDeleteFiles = new List<DataFile>();
        if (delta.Rows.Count > 0 || (delta.Deletes.Count == 0 && delta.Summary is null))
        {
            foreach (var (partition, indexes) in ByPartition(spec, schema, delta.Rows))
            {
                var files = ParquetDataFileWriter.Write(() => DataFilePath(spec, partition, ""), schema, RowsAt(delta.Rows, indexes), targetBytes)
                    .Select(f => f with { Path = ToUri(f.Path), Partition = partition }).ToList();
                dataFiles.AddRange(files);

                // Rows a later change of this commit superseded: deleted by position (a position delete at this snapshot's
                // sequence number applies to its own data files, an equality delete would not). Positions count within each
                // rolled file, which holds the partition's rows in order.
                var superseded = SupersededPositions(files, indexes, delta.SupersededRows);
                if (superseded.Count > 0)
                {
                    positionDeleteFiles.AddRange(ParquetDataFileWriter.Write(() => DataFilePath(spec, partition, "-positions"), PositionDeleteSchema, superseded, targetBytes)
                        .Select(f => f with { Path = ToUri(f.Path), Content = DataFile.PositionDeleteContent, Partition = partition }));
                }
            }
        }

        if (delta.Deletes.Count > 0)
        {
            // Equality deletes of a partitioned table apply within their partition only, so each goes with its row's partition.
            var deleteSchema = DeleteSchema(schema, delta.EqualityFieldIds);
            foreach (var (partition, indexes) in ByPartition(spec, schema, delta.Deletes))
            {
                deleteFiles.AddRange(ParquetDataFileWriter.Write(() => DataFilePath(spec, partition, "-deletes"), deleteSchema, RowsAt(delta.Deletes, indexes), targetBytes)
                    .Select(f => f with
                    {
                        Path = ToUri(f.Path),
                        Content = DataFile.EqualityDeleteContent,
                        EqualityIds = [.. delta.EqualityFieldIds],
                        Partition = partition,
                    }));
            }
        }

        StepReached?.Invoke(CommitStep.DataFilesWritten);
        var added = new List<ManifestFile>(2);
        if (dataFiles.Count > 0)
        {
            added.Add(WriteManifest(schema, spec, snapshotId, dataFiles));
        }

        if (deleteFiles.Count + positionDeleteFiles.Count > 0)
        {
            // The delete manifest's schema is the table's: partition sources need not be equality columns.
            added.Add(WriteManifest(schema, spec, snapshotId, [.. deleteFiles, .. positionDeleteFiles]));
        }

        StepReached?.Invoke(CommitStep.ManifestsWritten);
        var changes = new SnapshotChanges(
            AddedDataFiles: dataFiles.Count,
            AddedRecords: dataFiles.Sum(f => f.RecordCount),
            AddedDeleteFiles: deleteFiles.Count + positionDeleteFiles.Count,
            AddedEqualityDeletes: deleteFiles.Sum(f => f.RecordCount))
        {
            AddedPositionDeleteFiles = positionDeleteFiles.Count,
            AddedPositionDeletes = positionDeleteFiles.Sum(f => f.RecordCount),
        };
        for (var attempt = 0; ; attempt++)
        {
            var previous = Metadata.CurrentManifestList is { } list ? ManifestListReader.Read(LocalPath(list)) : [];
            var sequenceNumber = Metadata.LastSequenceNumber + 1;
            var manifestListPath = Path.Combine(MetadataDirectory, $"snap-{snapshotId}-{attempt + 1}-{Guid.NewGuid():N}.avro");
            // Small manifests are merged on the metadata of this attempt (the table properties' rules, see ManifestMerge).
            var merged = new List<ManifestFile>();
            var manifests = ManifestMerge.Apply(Metadata, [.. added, .. previous], entries =>
            {
                var manifest = WriteManifest(schema, spec, snapshotId, entries);
                merged.Add(manifest);
                return manifest;
            }, LocalPath);
            ManifestListWriter.Write(manifestListPath, snapshotId, Metadata.CurrentSnapshotId, sequenceNumber, manifests);
            StepReached?.Invoke(CommitStep.ManifestListWritten);

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
            foreach (var manifest in merged)
            {
                File.Delete(LocalPath(manifest.Path));
            }

            if (attempt >= maxRetries)
            {
                throw new CommitConflictException(
                    $"Commit of snapshot {snapshotId} to {Root} failed: {reason} ({attempt + 1} attempt(s)). Refresh the table and retry the commit.");
            }

            Refresh();
        }
    }

    /// <summary>
    /// Position delete rows (<c>file_path</c>, <c>pos</c>) for the superseded rows among <paramref name="indexes"/>, which
    /// <paramref name="files"/> hold in order; sorted by file and position as the spec asks.
    /// </summary>
    private static List<Struct> SupersededPositions(IReadOnlyList<DataFile> files, IReadOnlyList<int> indexes, IReadOnlySet<int> supersededRows)
    {
        var positions = new List<Struct>();
        var first = 0;
        foreach (var file in files)
        {
            for (var pos = 0; pos < file.RecordCount; pos++)
            {
                if (supersededRows.Contains(indexes[first + pos]))
                {
                    positions.Add(new Struct(PositionDeleteRow).Put("file_path", file.Path).Put("pos", (long)pos));
                }
            }

            first += (int)file.RecordCount;
        }

        return positions;
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
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : DefaultTargetFileSizeBytes;

    /// <summary>Apache Iceberg's table property for the data file size target.</summary>
    public const string TargetFileSizeProperty = "write.target-file-size-bytes";

    /// <summary>Apache Iceberg's default for <see cref="TargetFileSizeProperty"/>: 512 MiB.</summary>
    public const long DefaultTargetFileSizeBytes = 512L * 1024 * 1024;

    private ManifestFile WriteManifest(IcebergSchema schema, PartitionSpec spec, long snapshotId, IReadOnlyList<DataFile> files) =>
        WriteManifest(schema, spec, snapshotId, [.. files.Select(f => new ManifestEntry(ManifestEntry.Added, snapshotId, null, null, f))]);

    private ManifestFile WriteManifest(IcebergSchema schema, PartitionSpec spec, long snapshotId, IReadOnlyList<ManifestEntry> entries)
    {
        var manifestPath = Path.Combine(MetadataDirectory, $"{Guid.NewGuid():N}-m0.avro");
        return ManifestWriter.Write(manifestPath, schema, spec, snapshotId, entries) with { Path = ToUri(manifestPath) };
    }

    /// <summary>
    /// The indexes of the rows grouped by partition tuple, in order of first appearance (one group, all-null tuple, when
    /// there are no rows).
    /// </summary>
    private static IEnumerable<(PartitionKey Partition, IReadOnlyList<int> Indexes)> ByPartition(PartitionSpec spec, IcebergSchema schema, IReadOnlyList<Struct> rows)
    {
        if (spec.IsUnpartitioned || rows.Count == 0)
        {
            return [(spec.IsUnpartitioned ? PartitionKey.Empty : new PartitionKey(new object?[spec.Fields.Count]), [.. Enumerable.Range(0, rows.Count)])];
        }

        return Enumerable.Range(0, rows.Count).GroupBy(i => spec.KeyOf(schema, rows[i])).Select(g => (g.Key, (IReadOnlyList<int>)[.. g]));
    }

    /// <summary>
    /// The rows at <paramref name="indexes"/> (ascending): <paramref name="rows"/> itself when they are all of them (an
    /// unpartitioned table, or one partition), without copying.
    /// </summary>
    private static IReadOnlyList<Struct> RowsAt(IReadOnlyList<Struct> rows, IReadOnlyList<int> indexes) =>
        indexes.Count == rows.Count ? rows : [.. indexes.Select(i => rows[i])];

    /// <summary><c>data/[field=value/...]uuid{suffix}.parquet</c>: one directory level per partition field.</summary>
    private string DataFilePath(PartitionSpec spec, PartitionKey partition, string suffix)
    {
        var directory = Path.Combine([Root, "data", .. spec.Fields.Select((f, i) => $"{f.Name}={PartitionText(partition.Values[i])}")]);
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{Guid.NewGuid():N}{suffix}.parquet");
    }

    private static string PartitionText(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Uri.EscapeDataString(value.ToString()!),
    };

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
