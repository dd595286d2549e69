using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Plugins.Iceberg.Parquet;
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

    public static FileSystemTable Create(string directory, IcebergSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(Path.Combine(root, "metadata"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        var metadata = TableMetadata.Create(ToUri(root), schema, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
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
        var schema = Metadata.CurrentSchema;
        var snapshotId = TableMetadata.NewSnapshotId();
        var dataFile = ParquetDataFileWriter.Write(Path.Combine(_root, "data", $"{Guid.NewGuid():N}.parquet"), schema, rows);
        dataFile = dataFile with { Path = ToUri(dataFile.Path) };
        var manifestPath = Path.Combine(MetadataDirectory, $"{Guid.NewGuid():N}-m0.avro");
        var manifest = ManifestWriter.Write(manifestPath, schema, snapshotId, [dataFile]) with { Path = ToUri(manifestPath) };

        for (var attempt = 0; ; attempt++)
        {
            var previous = Metadata.CurrentManifestList is { } list ? ManifestListReader.Read(new Uri(list).LocalPath) : [];
            var sequenceNumber = Metadata.LastSequenceNumber + 1;
            var manifestListPath = Path.Combine(MetadataDirectory, $"snap-{snapshotId}-{attempt + 1}-{Guid.NewGuid():N}.avro");
            ManifestListWriter.Write(manifestListPath, snapshotId, Metadata.CurrentSnapshotId, sequenceNumber, [manifest, .. previous]);

            var next = Metadata.WithAppend(
                snapshotId,
                ToUri(manifestListPath),
                addedFiles: 1,
                addedRecords: dataFile.RecordCount,
                previousMetadataFile: ToUri(MetadataFile(_root, Version)),
                nowMs: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var nextVersion = Version + 1;
            if (AtomicFile.TryCreate(MetadataFile(_root, nextVersion), next.ToJsonString()))
            {
                Version = nextVersion;
                Metadata = next;
                AtomicFile.Replace(Path.Combine(MetadataDirectory, "version-hint.text"), nextVersion.ToString(CultureInfo.InvariantCulture));
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
