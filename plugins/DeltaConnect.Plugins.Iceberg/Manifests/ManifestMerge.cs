using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Manifests;

/// <summary>
/// Merges small manifests when a snapshot is committed, as Apache Iceberg's merging snapshot producer does with the table
/// properties <see cref="EnabledProperty"/>, <see cref="MinCountProperty"/> and <see cref="TargetSizeProperty"/>: without
/// it every manifest list of a steady stream of commits names one more manifest than the one before. Data and delete
/// manifests of the default spec are merged separately: each kind's manifests (newest first) are packed from the oldest
/// end into bins of up to the target size; a bin of several manifests is rewritten as one, except the bin holding the
/// newest manifest while it has fewer than the minimum count. Entries keep their snapshot ids and sequence numbers (files
/// of earlier snapshots become EXISTING), so equality deletes still apply exactly to the files they applied to before;
/// deleted entries of earlier snapshots are dropped. Merged manifests of the commit are written as new files: the
/// manifests they replace stay for the earlier snapshots that name them.
/// </summary>
internal static class ManifestMerge
{
    /// <summary>Iceberg's table property turning merging on or off (default true).</summary>
    public const string EnabledProperty = "commit.manifest-merge.enabled";

    /// <summary>Iceberg's table property: manifests a bin holding the newest manifest needs before it is merged (default 100).</summary>
    public const string MinCountProperty = "commit.manifest.min-count-to-merge";

    /// <summary>Iceberg's table property: the size a merged manifest aims at (default 8 MiB).</summary>
    public const string TargetSizeProperty = "commit.manifest.target-size-bytes";

    public const int DefaultMinCount = 100;

    public const long DefaultTargetSizeBytes = 8L * 1024 * 1024;

    /// <summary>
    /// The manifests of the next manifest list: <paramref name="manifests"/> (the commit's new ones first, then the current
    /// snapshot's) with the bins that qualify merged, each into a new manifest that <paramref name="write"/> writes (and
    /// the caller deletes should the commit fail). <paramref name="localPath"/> maps a manifest location to a local path.
    /// </summary>
    public static List<ManifestFile> Apply(
        TableMetadata metadata, IReadOnlyList<ManifestFile> manifests, Func<IReadOnlyList<ManifestEntry>, ManifestFile> write, Func<string, string> localPath)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(localPath);
        var (enabled, minCount, targetBytes) = Settings(metadata);
        if (!enabled || manifests.Count < 2)
        {
            return [.. manifests];
        }

        var spec = metadata.DefaultSpec;
        var partitionTypes = spec.ResultTypes(metadata.CurrentSchema);
        var result = new List<ManifestFile>(manifests.Count);
        foreach (var content in manifests.Select(m => m.Content).Distinct().ToList())
        {
            var ofKind = manifests.Where(m => m.Content == content).ToList();
            var first = ofKind[0];
            // Manifests of other (older) specs are kept as they are: their partition tuples are not of the default spec.
            foreach (var bin in PackFromEnd(ofKind.Where(m => m.PartitionSpecId == spec.SpecId).ToList(), targetBytes))
            {
                if (bin.Count == 1 || (bin.Contains(first) && bin.Count < minCount))
                {
                    result.AddRange(bin);
                    continue;
                }

                result.Add(write(Entries(bin, spec, partitionTypes, localPath)));
            }

            result.AddRange(ofKind.Where(m => m.PartitionSpecId != spec.SpecId));
        }

        return result;
    }

    /// <summary>The merge settings of the table's properties (Iceberg's defaults for those not set).</summary>
    public static (bool Enabled, int MinCount, long TargetBytes) Settings(TableMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var properties = metadata.Json["properties"];
        var enabled = properties?[EnabledProperty]?.GetValue<string>() is not { } text || !bool.TryParse(text, out var flag) || flag;
        var minCount = properties?[MinCountProperty]?.GetValue<string>() is { } count
                       && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedCount) && parsedCount > 0
            ? parsedCount
            : DefaultMinCount;
        var target = properties?[TargetSizeProperty]?.GetValue<string>() is { } size
                     && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedSize) && parsedSize > 0
            ? parsedSize
            : DefaultTargetSizeBytes;
        return (enabled, minCount, target);
    }

    /// <summary>
    /// Bins of consecutive manifests of up to <paramref name="targetBytes"/> (a larger manifest alone), filled from the
    /// oldest end so that the bin left under-filled is the newest one, which later commits fill up.
    /// </summary>
    private static List<List<ManifestFile>> PackFromEnd(List<ManifestFile> manifests, long targetBytes)
    {
        var bins = new List<List<ManifestFile>>();
        var bin = new List<ManifestFile>();
        long weight = 0;
        for (var i = manifests.Count - 1; i >= 0; i--)
        {
            if (bin.Count > 0 && weight + manifests[i].Length > targetBytes)
            {
                bins.Add(bin);
                bin = [];
                weight = 0;
            }

            bin.Insert(0, manifests[i]);
            weight += manifests[i].Length;
        }

        if (bin.Count > 0)
        {
            bins.Add(bin);
        }

        bins.Reverse();
        return bins;
    }

    /// <summary>The entries of a merged manifest of <paramref name="bin"/>.</summary>
    private static List<ManifestEntry> Entries(List<ManifestFile> bin, PartitionSpec spec, IReadOnlyList<PrimitiveType> partitionTypes, Func<string, string> localPath)
    {
        var entries = new List<ManifestEntry>();
        foreach (var manifest in bin)
        {
            // A manifest of this commit (no sequence number yet) keeps its entries as they are; others' live entries are
            // carried over as EXISTING with their snapshot ids and sequence numbers, and their deleted entries dropped.
            var ofThisCommit = manifest.SequenceNumber < 0;
            foreach (var entry in ManifestReader.Read(localPath(manifest.Path), manifest, spec, partitionTypes))
            {
                if (ofThisCommit)
                {
                    entries.Add(entry);
                }
                else if (entry.Status != ManifestEntry.Deleted)
                {
                    entries.Add(entry with { Status = ManifestEntry.Existing });
                }
            }
        }

        return entries;
    }
}
