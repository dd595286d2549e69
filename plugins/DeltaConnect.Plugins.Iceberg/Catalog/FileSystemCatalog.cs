using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>The filesystem ("hadoop") catalog: table <c>ns.name</c> is the directory <c>warehouse/ns/name</c>.</summary>
internal sealed class FileSystemCatalog(string warehouse) : ICatalog
{
    /// <summary>The directory of <paramref name="table"/>: the warehouse, then one directory per name part.</summary>
    public string TableDirectory(TableIdentifier table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Path.Combine([CatalogTable.LocalPath(warehouse), .. table.Namespace, table.Name]);
    }

    public CatalogTable? LoadTable(TableIdentifier table)
    {
        var directory = TableDirectory(table);
        return FileSystemTable.Exists(directory) ? FileSystemTable.Load(directory) : null;
    }

    public CatalogTable CreateTable(TableIdentifier table, IcebergSchema schema, PartitionSpec? spec = null) =>
        FileSystemTable.Create(TableDirectory(table), schema, spec);

    public void Dispose()
    {
    }
}
