using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// A table in a filesystem ("hadoop") catalog: <c>data/</c> holds Parquet files, <c>metadata/</c> holds manifests,
/// manifest lists, <c>vN.metadata.json</c> and <c>version-hint.text</c>. A commit creates the next
/// <c>vN.metadata.json</c> atomically-if-absent, so of two writers based on the same version exactly one wins; the
/// other refreshes and retries up to its retry budget, then fails with <see cref="CommitConflictException"/>.
/// </summary>
internal sealed class FileSystemTable : CatalogTable
{
    private readonly string _root;

    private FileSystemTable(string root, int version, TableMetadata metadata)
        : base(metadata)
    {
        _root = root;
        Version = version;
    }

    /// <summary>The version of the metadata file this handle is based on (the N of <c>vN.metadata.json</c>).</summary>
    public int Version { get; private set; }

    protected override string CurrentMetadataFile => ToUri(MetadataFile(_root, Version));

    /// <summary>Creates the table's first metadata version (with <paramref name="properties"/>, if any).</summary>
    public static FileSystemTable Create(string directory, IcebergSchema schema, PartitionSpec? spec = null, IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(Path.Combine(root, "metadata"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        var metadata = TableMetadata.Create(ToUri(root), schema, spec ?? PartitionSpec.Unpartitioned, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), properties);
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

    /// <summary>Whether <paramref name="directory"/> holds a table (a first metadata file or a version hint).</summary>
    public static bool Exists(string directory) => File.Exists(MetadataFile(directory, 1))
        || File.Exists(Path.Combine(directory, "metadata", "version-hint.text"));

    public override void Refresh()
    {
        Version = ReadLatestVersion(_root);
        Metadata = TableMetadata.Parse(File.ReadAllText(MetadataFile(_root, Version)));
    }

    protected override bool TryCommit(TableMetadata next, out string reason)
    {
        // The step callbacks: MetadataWritten once the content is on disk under a temporary name, BeforePointerSwap once
        // it is linked as the next version (the commit point), AfterPointerSwap once version-hint.text names it.
        var nextVersion = Version + 1;
        if (!AtomicFile.TryCreate(MetadataFile(_root, nextVersion), next.ToJsonString(), () => StepReached?.Invoke(CommitStep.MetadataWritten)))
        {
            reason = $"another writer created {MetadataFile(_root, nextVersion)} first";
            return false;
        }

        Version = nextVersion;
        Metadata = next;
        StepReached?.Invoke(CommitStep.BeforePointerSwap);
        AtomicFile.Replace(Path.Combine(MetadataDirectory, "version-hint.text"), nextVersion.ToString(CultureInfo.InvariantCulture));
        StepReached?.Invoke(CommitStep.AfterPointerSwap);
        reason = "";
        return true;
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
}
