using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// Where tables are found, created and committed: a filesystem warehouse (<see cref="FileSystemCatalog"/>, type
/// <c>hadoop</c>) or an Iceberg REST catalog (<see cref="RestCatalog"/>, type <c>rest</c>). Commits go through the
/// <see cref="CatalogTable"/> a catalog returns.
/// </summary>
internal interface ICatalog : IDisposable
{
    /// <summary>The table's current state, or null when the catalog has no such table.</summary>
    CatalogTable? LoadTable(TableIdentifier table);

    /// <summary>
    /// Creates an empty table (format v2) with <paramref name="schema"/>, partitioned by <paramref name="spec"/> (null:
    /// unpartitioned), and its namespace when missing.
    /// </summary>
    /// <exception cref="CommitConflictException">When the table already exists (another writer created it first).</exception>
    CatalogTable CreateTable(TableIdentifier table, IcebergSchema schema, PartitionSpec? spec = null);
}
