using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>
/// The Iceberg sink's options. Names and defaults follow the Apache Iceberg Kafka Connect sink where the concept is the
/// same, so a config moves over; only the filesystem ("hadoop") catalog exists so far.
/// </summary>
public sealed class IcebergSinkConfig : ParsedConfig
{
    /// <summary>Tables to write (namespace.table).</summary>
    public const string Tables = "iceberg.tables";

    /// <summary>Catalog type.</summary>
    public const string CatalogType = "iceberg.catalog.type";

    /// <summary>Warehouse directory of the filesystem catalog.</summary>
    public const string CatalogWarehouse = "iceberg.catalog.warehouse";

    /// <summary>Create missing tables from the first record's schema.</summary>
    public const string AutoCreateEnabled = "iceberg.tables.auto-create-enabled";

    /// <summary>Evolve table schemas to fit the records (add columns, widen types, make columns optional).</summary>
    public const string EvolveSchemaEnabled = "iceberg.tables.evolve-schema-enabled";

    /// <summary>Partition terms of tables the sink creates.</summary>
    public const string DefaultPartitionBy = "iceberg.tables.default-partition-by";

    /// <summary>Columns that identify a row; setting them makes the sink upsert.</summary>
    public const string DefaultIdColumns = "iceberg.tables.default-id-columns";

    /// <summary>Field of flat records that holds the operation.</summary>
    public const string CdcField = "iceberg.tables.cdc-field";

    /// <summary>How often buffered rows are committed.</summary>
    public const string CommitIntervalMs = "iceberg.control.commit.interval-ms";

    /// <summary>The one catalog type supported.</summary>
    public const string HadoopCatalog = "hadoop";

    private const string TablesGroup = "Tables";
    private const string CatalogGroup = "Catalog";
    private const string CommitGroup = "Commit";

    /// <summary>The options.</summary>
    public static new ConfigDef Definition { get; } = new ConfigDef()
        .Define(Tables, ConfigType.List, ConfigDef.NoDefaultValue, Validators.Lambda(ValidateTables, "comma-separated namespace.table names"), Importance.High,
            "Tables to write, as namespace.table (comma-separated). Every record is written to every listed table; with one table every topic goes there.", TablesGroup, 1)
        .Define(AutoCreateEnabled, ConfigType.Boolean, true, null, Importance.Medium,
            "Create a missing table from the schema of the first row written to it (format v2, partitioned per iceberg.tables.default-partition-by).", TablesGroup, 2)
        .Define(EvolveSchemaEnabled, ConfigType.Boolean, false, null, Importance.Medium,
            "Evolve a table's schema to fit the rows written to it: a field the table lacks becomes a new optional column (new field id), int widens to long, " +
            "float to double, a decimal's precision grows, a required column that rows lack or have optional becomes optional; other type changes fail naming the column. " +
            "false: fields the table lacks are dropped (as in Apache's sink) and values the column's type cannot hold fail the task.", TablesGroup, 5)
        .Define(DefaultPartitionBy, ConfigType.String, "", Validators.Lambda(ValidatePartitionBy, "comma-separated partition terms"), Importance.Medium,
            "Partition spec of tables the sink creates, as comma-separated terms: column (identity), bucket(column, N), year(column), month(column), day(column), hour(column), " +
            "e.g. 'bucket(id, 4), day(ts)'. iceberg.table.<table>.partition-by overrides it per table. Empty: unpartitioned. Existing tables keep their spec.", TablesGroup, 6)
        .Define(DefaultIdColumns, ConfigType.List, "", Validators.Lambda(v => v is IReadOnlyList<string> l && l.All(c => c.Length > 0) ? null : "give column names separated by commas, without empty entries", "comma-separated column names"), Importance.Medium,
            "Columns that identify a row (comma-separated). When set, or when records are change events (Debezium envelopes or iceberg.tables.cdc-field), the sink upserts: " +
            "each row replaces the row with the same id through an equality delete. Empty: the fields of the record key struct.", TablesGroup, 3)
        .Define(CdcField, ConfigType.String, "", null, Importance.Medium,
            "Field of flat (non-Debezium) record values that holds the operation: D or d deletes the row, any other value upserts it. Empty: only Debezium envelopes " +
            "(fields before, after, op) are treated as change events; other records are appended (or upserted with iceberg.tables.default-id-columns).", TablesGroup, 4)
        .Define(CatalogType, ConfigType.String, HadoopCatalog, Validators.Lambda(
                v => v is HadoopCatalog ? null : $"only '{HadoopCatalog}' (a filesystem catalog under {CatalogWarehouse}) is supported so far; set {CatalogType}={HadoopCatalog}",
                HadoopCatalog), Importance.High,
            "Catalog type; only hadoop (tables as directories under iceberg.catalog.warehouse, commits by atomic file creation) is supported.", CatalogGroup, 1)
        .Define(CatalogWarehouse, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High,
            "Warehouse directory (local path or file:// URI); table namespace.table lives in the directory warehouse/namespace/table.", CatalogGroup, 2)
        .Define(CommitIntervalMs, ConfigType.Int, 300000, Validators.AtLeast(0), Importance.Medium,
            "Buffered rows are committed (one snapshot per table, with the consumer offsets in its summary) at the first offset commit after this many ms; " +
            "also when partitions are closed and when the task stops. 0: at every offset commit.", CommitGroup, 1);

    /// <summary>Parses <paramref name="originals"/>.</summary>
    public IcebergSinkConfig(IReadOnlyDictionary<string, string> originals)
        : base(Definition, originals)
    {
    }

    /// <summary>The table names.</summary>
    public IReadOnlyList<string> TableNames => GetList(Tables);

    /// <summary>The configured id columns (empty: use the record key's fields).</summary>
    public IReadOnlyList<string> IdColumns => GetList(DefaultIdColumns);

    /// <summary>The operation field of flat records, or null.</summary>
    public string? OperationField => GetString(CdcField) is { Length: > 0 } name ? name : null;

    /// <summary>The partition terms for creating table <paramref name="name"/>: its own <c>iceberg.table.&lt;name&gt;.partition-by</c>, else the default.</summary>
    public string PartitionBy(string name) =>
        Originals.TryGetValue(PerTablePartitionBy(name), out var terms) && terms is not null ? terms : GetString(DefaultPartitionBy) ?? "";

    /// <summary>The per-table partition option of table <paramref name="name"/> (as in Apache's sink).</summary>
    public static string PerTablePartitionBy(string name) => $"iceberg.table.{name}.partition-by";

    /// <summary>The directory of table <paramref name="name"/>: warehouse, then one directory per name part.</summary>
    public string TableDirectory(string name)
    {
        var warehouse = GetString(CatalogWarehouse)!;
        var root = Uri.TryCreate(warehouse, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : warehouse;
        return Path.Combine([Path.GetFullPath(root), .. name.Split('.')]);
    }

    private static string? ValidatePartitionBy(object? value)
    {
        try
        {
            PartitionSpec.ParseTerms(value as string ?? "");
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    private static string? ValidateTables(object? value)
    {
        if (value is not IReadOnlyList<string> { Count: > 0 } tables)
        {
            return "name at least one table as namespace.table";
        }

        foreach (var table in tables)
        {
            var parts = table.Split('.');
            if (parts.Length < 2 || parts.Any(p => p.Length == 0 || p is ".." || p.IndexOfAny(['/', '\\']) >= 0))
            {
                return $"'{table}' is not namespace.table (non-empty parts separated by '.', without '/' or '\\')";
            }
        }

        return tables.Distinct(StringComparer.Ordinal).Count() == tables.Count ? null : "a table is listed twice";
    }
}
