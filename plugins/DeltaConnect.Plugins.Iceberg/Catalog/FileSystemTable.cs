using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Plugins.Iceberg.Parquet;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// A table in a filesystem ("hadoop") catalog: <c>data/</c> holds Parquet files, <c>metadata/</c> holds manifests,
/// manifest lists, <c>vN.metadata.json</c> and <c>version-hint.text</c>. A commit creates the next
/// <c>vN.metadata.json</c> atomically-if-absent, so of two writers based on the same version exactly one wins; the
/// other refreshes and retries up to its retry budget, then fails with <see cref="CommitConflictException"/>.
/// </summary>
internal sealed class FileSystemTable
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

    private readonly string _root;

    private FileSystemTable(string root, int version, TableMetadata metadata)
    {
        _root = root;
        Version = version;
        Metadata = metadata;
    }

    /// <summary>The version of the metadata file this handle is based on (the N of <c>vN.metadata.json</c>).</summary>
    public int Version { get; private set; }

    public TableMetadata Metadata { get; private set; }

    public string MetadataDirectory => Path.Combine(_root, "metadata");

    public static FileSystemTable Create(string directory, IcebergSchema schema, PartitionSpec? spec = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(Path.Combine(root, "metadata"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        var metadata = TableMetadata.Create(ToUri(root), schema, spec ?? PartitionSpec.Unpartitioned, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (!AtomicFile.TryCreate(MetadataFile(root, 1), metadata.ToJsonString()))
        {
            throw new CommitConflictException($"Table {root} already exists ({MetadataFile(root, 1)} is present).");
        }

        AtomicFile.Replace(Path.Combine(root, "metadata", "version-hint.text"), "1");
        return new FileSystemTable(root, 1, metadata);
    }

    /// <summary>Loads the newest version: the version hint, then any later metadata files the hint has not caught up with.</summary>
    public static FileSystemTable Load(string directory)
    {
        var root = Path.GetFullPath(directory);
        var version = ReadLatestVersion(root);
        return new FileSystemTable(root, version, TableMetadata.Parse(File.ReadAllText(MetadataFile(root, version))));
    }

    public void Refresh()
    {
        Version = ReadLatestVersion(_root);
        Metadata = TableMetadata.Parse(File.ReadAllText(MetadataFile(_root, Version)));
    }

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
    /// the snapshot carries only its summary (e.g. advanced consumer offsets). <paramref name="stepReached"/> is told each
    /// <see cref="CommitStep"/> as the commit passes it.
    /// </summary>
    public long Commit(RowDelta delta, int maxRetries = 4, Action<CommitStep>? stepReached = null)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var schema = Metadata.CurrentSchema;
        var spec = Metadata.DefaultSpec;
        var snapshotId = TableMetadata.NewSnapshotId();
        var dataFiles = new List<DataFile>();
        var deleteFiles = new List<DataFile>();
        IcebergSchema? deleteSchema = null;
        var positionDeleteFiles = new List<DataFile>();
        if (delta.Rows.Count > 0 || (delta.Deletes.Count == 0 && delta.Summary is null))
        {
            foreach (var (partition, indexes) in ByPartition(spec, schema, delta.Rows))
            {
                var file = ParquetDataFileWriter.Write(DataFilePath(spec, partition, ""), schema, [.. indexes.Select(i => delta.Rows[i])]);
                file = file with { Path = ToUri(file.Path), Partition = partition };
                dataFiles.Add(file);

                // Rows a later change of this commit superseded: deleted by position (a position delete at this snapshot's
                // sequence number applies to its own data files, an equality delete would not).
                var superseded = indexes.Select((row, pos) => (row, pos)).Where(r => delta.SupersededRows.Contains(r.row))
                    .Select(r => new Struct(PositionDeleteRow).Put("file_path", file.Path).Put("pos", (long)r.pos)).ToList();
                if (superseded.Count > 0)
                {
                    var positions = ParquetDataFileWriter.Write(DataFilePath(spec, partition, "-positions"), PositionDeleteSchema, superseded);
                    positionDeleteFiles.Add(positions with { Path = ToUri(positions.Path), Content = DataFile.PositionDeleteContent, Partition = partition });
                }
            }
        }

        if (delta.Deletes.Count > 0)
        {
            // Equality deletes of a partitioned table apply within their partition only, so each goes with its row's partition.
            deleteSchema = DeleteSchema(schema, delta.EqualityFieldIds);
            foreach (var (partition, indexes) in ByPartition(spec, schema, delta.Deletes))
            {
                var file = ParquetDataFileWriter.Write(DataFilePath(spec, partition, "-deletes"), deleteSchema, [.. indexes.Select(i => delta.Deletes[i])]);
                deleteFiles.Add(file with
                {
                    Path = ToUri(file.Path),
                    Content = DataFile.EqualityDeleteContent,
                    EqualityIds = [.. delta.EqualityFieldIds],
                    Partition = partition,
                });
            }
        }

        deleteFiles.AddRange(positionDeleteFiles);
        stepReached?.Invoke(CommitStep.DataFilesWritten);
        var added = new List<ManifestFile>(2);
        if (dataFiles.Count > 0)
        {
            added.Add(WriteManifest(schema, spec, snapshotId, dataFiles));
        }

        if (deleteFiles.Count > 0)
        {
            // The delete manifest's schema is the table's: partition sources need not be equality columns.
            added.Add(WriteManifest(schema, spec, snapshotId, deleteFiles));
        }

        stepReached?.Invoke(CommitStep.ManifestsWritten);
        long addedRecords = dataFiles.Sum(f => f.RecordCount), addedDeletes = deleteFiles.Except(positionDeleteFiles).Sum(f => f.RecordCount);
        var changes = new SnapshotChanges(
            AddedDataFiles: dataFiles.Count,
            AddedRecords: addedRecords,
            AddedDeleteFiles: deleteFiles.Count,
            AddedEqualityDeletes: addedDeletes)
        {
            AddedPositionDeleteFiles = positionDeleteFiles.Count,
            AddedPositionDeletes = positionDeleteFiles.Sum(f => f.RecordCount),
        };
        for (var attempt = 0; ; attempt++)
        {
            var previous = Metadata.CurrentManifestList is { } list ? ManifestListReader.Read(new Uri(list).LocalPath) : [];
            var sequenceNumber = Metadata.LastSequenceNumber + 1;
            var manifestListPath = Path.Combine(MetadataDirectory, $"snap-{snapshotId}-{attempt + 1}-{Guid.NewGuid():N}.avro");
            ManifestListWriter.Write(manifestListPath, snapshotId, Metadata.CurrentSnapshotId, sequenceNumber, [.. added, .. previous]);
            stepReached?.Invoke(CommitStep.ManifestListWritten);

            var next = Metadata.WithSnapshot(
                snapshotId,
                ToUri(manifestListPath),
                changes,
                delta.Summary?.Invoke(Metadata) ?? new Dictionary<string, string>(),
                previousMetadataFile: ToUri(MetadataFile(_root, Version)),
                nowMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var nextVersion = Version + 1;
            if (TryCommitVersion(next, stepReached))
            {
                return snapshotId;
            }

            File.Delete(manifestListPath);
            if (attempt >= maxRetries)
            {
                throw new CommitConflictException(
                    $"Commit of snapshot {snapshotId} to {_root} failed: another writer created {MetadataFile(_root, nextVersion)} first " +
                    $"({attempt + 1} attempt(s)). Refresh the table and retry the append.");
            }

            Refresh();
        }
    }

    /// <summary>
    /// Commits a schema change (a new metadata version without a new snapshot). <paramref name="evolve"/> gets the current
    /// metadata (fresh on every retry) and returns the new schema and highest field id, or null when nothing is to change.
    /// Returns whether a change was committed.
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

            var next = Metadata.WithSchema(change.Schema, change.LastColumnId, ToUri(MetadataFile(_root, Version)), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var nextVersion = Version + 1;
            if (TryCommitVersion(next, stepReached: null))
            {
                return true;
            }

            if (attempt >= maxRetries)
            {
                throw new CommitConflictException(
                    $"Schema update of {_root} failed: another writer created {MetadataFile(_root, nextVersion)} first ({attempt + 1} attempt(s)).");
            }

            Refresh();
        }
    }

    /// <summary>
    /// Creates <c>v&lt;Version+1&gt;.metadata.json</c> with <paramref name="next"/> if no other writer did (the atomic commit),
    /// then points <c>version-hint.text</c> at it.
    /// </summary>
    private bool TryCommitVersion(TableMetadata next, Action<CommitStep>? stepReached)
    {
        var nextVersion = Version + 1;
        if (!AtomicFile.TryCreate(MetadataFile(_root, nextVersion), next.ToJsonString(), () => stepReached?.Invoke(CommitStep.MetadataWritten)))
        {
            return false;
        }

        Version = nextVersion;
        Metadata = next;
        stepReached?.Invoke(CommitStep.BeforePointerSwap);
        AtomicFile.Replace(Path.Combine(MetadataDirectory, "version-hint.text"), nextVersion.ToString(CultureInfo.InvariantCulture));
        stepReached?.Invoke(CommitStep.AfterPointerSwap);
        return true;
    }

    private ManifestFile WriteManifest(IcebergSchema schema, PartitionSpec spec, long snapshotId, IReadOnlyList<DataFile> files)
    {
        var manifestPath = Path.Combine(MetadataDirectory, $"{Guid.NewGuid():N}-m0.avro");
        return ManifestWriter.Write(manifestPath, schema, spec, snapshotId, files) with { Path = ToUri(manifestPath) };
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

    /// <summary><c>data/[field=value/...]uuid{suffix}.parquet</c>: one directory level per partition field.</summary>
    private string DataFilePath(PartitionSpec spec, PartitionKey partition, string suffix)
    {
        var directory = Path.Combine([_root, "data", .. spec.Fields.Select((f, i) => $"{f.Name}={PartitionText(partition.Values[i])}")]);
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

    private static int ReadLatestVersion(string root)
    {
        var hint = Path.Combine(root, "metadata", "version-hint.text");
        var version = File.Exists(hint) && int.TryParse(File.ReadAllText(hint).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 1;
        while (File.Exists(MetadataFile(root, version + 1)))
        {
            version++;
        }

        return File.Exists(MetadataFile(root, version))
            ? version
            : throw new FileNotFoundException($"No Iceberg table at {root}: {MetadataFile(root, version)} is missing.");
    }

    private static string MetadataFile(string root, int version) =>
        Path.Combine(root, "metadata", string.Create(CultureInfo.InvariantCulture, $"v{version}.metadata.json"));

    private static string ToUri(string path) => new Uri(path).AbsoluteUri;
}
