using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>
/// The Iceberg sink's options. Names and defaults follow the Apache Iceberg Kafka Connect sink where the concept is the
/// same, so a config moves over: a filesystem ("hadoop") or REST catalog.
/// </summary>
public sealed class IcebergSinkConfig : ParsedConfig
{
    /// <summary>Tables to write (namespace.table).</summary>
    public const string Tables = "iceberg.tables";

    /// <summary>Catalog type.</summary>
    public const string CatalogType = "iceberg.catalog.type";

    /// <summary>Warehouse directory of the filesystem catalog, or the warehouse a REST catalog is asked for.</summary>
    public const string CatalogWarehouse = "iceberg.catalog.warehouse";

    /// <summary>Base URI of the REST catalog.</summary>
    public const string CatalogUri = "iceberg.catalog.uri";

    /// <summary>REST path prefix used when the server's config does not set one.</summary>
    public const string CatalogPrefix = "iceberg.catalog.prefix";

    /// <summary>Bearer token for the REST catalog.</summary>
    public const string CatalogToken = "iceberg.catalog.token";

    /// <summary>OAuth2 client credentials for the REST catalog.</summary>
    public const string CatalogCredential = "iceberg.catalog.credential";

    /// <summary>OAuth2 token endpoint of the REST catalog.</summary>
    public const string CatalogOAuth2ServerUri = "iceberg.catalog.oauth2-server-uri";

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

    /// <summary>Size at which data and delete files are rolled (Apache's writer property pass-through name).</summary>
    public const string TargetFileSizeBytes = "iceberg.tables.write-props.write.target-file-size-bytes";

    /// <summary>How often buffered rows are committed.</summary>
    public const string CommitIntervalMs = "iceberg.control.commit.interval-ms";

    /// <summary>The filesystem catalog type.</summary>
    public const string HadoopCatalog = "hadoop";

    /// <summary>The REST catalog type.</summary>
    public const string RestCatalogType = "rest";

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
                v => v is HadoopCatalog or RestCatalogType ? null
                    : $"set {CatalogType}={HadoopCatalog} (a filesystem warehouse under {CatalogWarehouse}) or {CatalogType}={RestCatalogType} (an Iceberg REST catalog at {CatalogUri})",
                $"{HadoopCatalog}, {RestCatalogType}"), Importance.High,
            "Catalog type: hadoop (tables as directories under iceberg.catalog.warehouse, commits by atomic file creation) or rest (an Iceberg REST catalog at " +
            "iceberg.catalog.uri keeps the metadata; data files go under the table location it returns, which must be a local path or file:// URI).", CatalogGroup, 1)
        .Define(CatalogWarehouse, ConfigType.String, "", null, Importance.High,
            "hadoop: warehouse directory (local path or file:// URI, required); table namespace.table lives in the directory warehouse/namespace/table. " +
            "rest: the warehouse sent to the catalog's GET /v1/config (optional).", CatalogGroup, 2)
        .Define(CatalogUri, ConfigType.String, "", Validators.Lambda(
                v => v is not string { Length: > 0 } uri || (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https") ? null
                    : "give the REST catalog's base URI as http(s)://host:port[/path] (the part before /v1/)",
                "http(s) URI"), Importance.High,
            "rest: base URI of the REST catalog (the part before /v1/; required with iceberg.catalog.type=rest).", CatalogGroup, 3)
        .Define(CatalogPrefix, ConfigType.String, "", null, Importance.Low,
            "rest: path prefix (/v1/{prefix}/...) used when the server's GET /v1/config does not override it. Empty: the server's default, else none.", CatalogGroup, 4)
        .Define(CatalogToken, ConfigType.Password, null, null, Importance.Medium,
            "rest: bearer token sent as Authorization: Bearer (never logged). Takes precedence over iceberg.catalog.credential.", CatalogGroup, 5)
        .Define(CatalogCredential, ConfigType.Password, null, null, Importance.Medium,
            "rest: OAuth2 client credentials client_id:client_secret (or a secret alone), exchanged for a token at the token endpoint with grant_type=client_credentials " +
            "and scope catalog, renewed before it expires (never logged).", CatalogGroup, 6)
        .Define(CatalogOAuth2ServerUri, ConfigType.String, "", Validators.Lambda(
                v => v is not string { Length: > 0 } uri || Uri.TryCreate(uri, UriKind.Absolute, out _) ? null : "give the OAuth2 token endpoint as an absolute URI",
                "absolute URI"), Importance.Low,
            "rest: OAuth2 token endpoint for iceberg.catalog.credential. Empty: {iceberg.catalog.uri}/v1/oauth/tokens.", CatalogGroup, 7)
        .Define(TargetFileSizeBytes, ConfigType.Long, null, Validators.Lambda(
                v => v is null or long and >= 1024 ? null : "give a size in bytes of at least 1024, or leave it unset to use the table's write.target-file-size-bytes",
                "at least 1024"), Importance.Low,
            "Data and delete files of a commit are rolled once they reach this many bytes (checked after each Parquet row group, so files end near it). " +
            "Unset: the table property write.target-file-size-bytes, else 536870912 (512 MiB).", TablesGroup, 7)
        .Define(CommitIntervalMs, ConfigType.Int, 300000, Validators.AtLeast(0), Importance.Medium,
            "Buffered rows are committed (one snapshot per table, with the consumer offsets in its summary) at the first offset commit after this many ms; " +
            "also when partitions are closed and when the task stops. 0: at every offset commit.", CommitGroup, 1);

    /// <summary>Parses <paramref name="originals"/>.</summary>
    /// <exception cref="ConfigException">When an option is invalid, or an option the catalog type needs is missing.</exception>
    public IcebergSinkConfig(IReadOnlyDictionary<string, string> originals)
        : base(Definition, originals)
    {
        if (MissingCatalogOption(GetString(CatalogType), GetString(CatalogWarehouse), GetString(CatalogUri)) is { } missing)
        {
            throw new ConfigException(missing.Name, "", missing.Fix);
        }
    }

    /// <summary>The option the catalog type needs but lacks (warehouse for hadoop, uri for rest), with the fix; or null.</summary>
    internal static (string Name, string Fix)? MissingCatalogOption(string? type, string? warehouse, string? uri) => type switch
    {
        HadoopCatalog when string.IsNullOrEmpty(warehouse) => (CatalogWarehouse, $"set {CatalogWarehouse} to the warehouse directory (required with {CatalogType}={HadoopCatalog})"),
        RestCatalogType when string.IsNullOrEmpty(uri) => (CatalogUri, $"set {CatalogUri} to the REST catalog's base URI (required with {CatalogType}={RestCatalogType})"),
        _ => null,
    };

    /// <summary>The table names.</summary>
    public IReadOnlyList<string> TableNames => GetList(Tables);

    /// <summary>The configured id columns (empty: use the record key's fields).</summary>
    public IReadOnlyList<string> IdColumns => GetList(DefaultIdColumns);

    /// <summary>The configured file size target, or null (use the table's property).</summary>
    public long? TargetFileSize => (long?)Get(TargetFileSizeBytes);

    /// <summary>The operation field of flat records, or null.</summary>
    public string? OperationField => GetString(CdcField) is { Length: > 0 } name ? name : null;

    /// <summary>Opens the configured catalog (a REST catalog connects: token, then GET /v1/config).</summary>
    internal ICatalog OpenCatalog() => GetString(CatalogType) == RestCatalogType
        ? RestCatalog.Connect(new RestCatalogOptions(
            new Uri(GetString(CatalogUri)!),
            GetString(CatalogWarehouse) is { Length: > 0 } warehouse ? warehouse : null,
            GetString(CatalogPrefix) is { Length: > 0 } prefix ? prefix : null,
            GetPassword(CatalogToken)?.Value,
            GetPassword(CatalogCredential)?.Value,
            GetString(CatalogOAuth2ServerUri) is { Length: > 0 } tokenUri ? new Uri(tokenUri) : null))
        : new FileSystemCatalog(GetString(CatalogWarehouse)!);

    /// <summary>The partition terms for creating table <paramref name="name"/>: its own <c>iceberg.table.&lt;name&gt;.partition-by</c>, else the default.</summary>
    public string PartitionBy(string name) =>
        Originals.TryGetValue(PerTablePartitionBy(name), out var terms) && terms is not null ? terms : GetString(DefaultPartitionBy) ?? "";

    /// <summary>The per-table partition option of table <paramref name="name"/> (as in Apache's sink).</summary>
    public static string PerTablePartitionBy(string name) => $"iceberg.table.{name}.partition-by";

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
