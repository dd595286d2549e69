using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// One commit's changes: rows to add, rows whose <see cref="EqualityFieldIds"/> columns identify rows of earlier snapshots
/// to delete (an equality delete file), rows of this commit that a later change in it superseded (position deletes),
/// and summary properties computed from the metadata the commit is based on.
/// </summary>
/// <param name="Rows">Rows to add (one data file).</param>
/// <param name="Deletes">Structs holding at least the equality columns, by name (one equality delete file).</param>
/// <param name="EqualityFieldIds">Top-level field ids the deletes match on.</param>
/// <param name="Summary">Extra snapshot summary properties, or null.</param>
internal sealed record RowDelta(
    IReadOnlyList<Struct> Rows,
    IReadOnlyList<Struct> Deletes,
    IReadOnlyList<int> EqualityFieldIds,
    Func<TableMetadata, IReadOnlyDictionary<string, string>>? Summary = null)
{
    /// <summary>Indexes into <see cref="Rows"/> of rows deleted again within this commit (written, then position-deleted).</summary>
    public IReadOnlySet<int> SupersededRows { get; init; } = new HashSet<int>();
}
