using System.Text.RegularExpressions;
using DeltaConnect.Sdk.Config;
using Npgsql;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// The Postgres connector's options. Names, meanings and defaults follow Debezium's Postgres connector wherever the
/// concept is the same, so a Debezium config moves over.
/// </summary>
public sealed partial class PostgresConnectorConfig : ParsedConfig
{
    /// <summary>Server host.</summary>
    public const string Hostname = "database.hostname";

    /// <summary>Server port.</summary>
    public const string Port = "database.port";

    /// <summary>User (needs REPLICATION, and CREATE on the database to create the publication).</summary>
    public const string User = "database.user";

    /// <summary>Password.</summary>
    public const string DatabasePassword = "database.password";

    /// <summary>Database to capture.</summary>
    public const string DbName = "database.dbname";

    /// <summary>sslmode.</summary>
    public const string SslMode = "database.sslmode";

    /// <summary>Topic prefix and logical server name.</summary>
    public const string TopicPrefix = "topic.prefix";

    /// <summary>Tables to capture (regular expressions matching schema.table).</summary>
    public const string TableIncludeList = "table.include.list";

    /// <summary>Tables not to capture.</summary>
    public const string TableExcludeList = "table.exclude.list";

    /// <summary>Logical decoding plugin.</summary>
    public const string PluginName = "plugin.name";

    /// <summary>Replication slot.</summary>
    public const string SlotName = "slot.name";

    /// <summary>Drop the slot when the connector stops.</summary>
    public const string SlotDropOnStop = "slot.drop.on.stop";

    /// <summary>Publication.</summary>
    public const string PublicationName = "publication.name";

    /// <summary>How the publication is created.</summary>
    public const string PublicationAutocreateMode = "publication.autocreate.mode";

    /// <summary>What to do at first start.</summary>
    public const string SnapshotMode = "snapshot.mode";

    /// <summary>The signal table (also holds the snapshot watermarks).</summary>
    public const string SignalDataCollection = "signal.data.collection";

    /// <summary>Rows per snapshot chunk.</summary>
    public const string SnapshotChunkSize = "incremental.snapshot.chunk.size";

    /// <summary>Pause between snapshot chunks.</summary>
    public const string SnapshotChunkPauseMs = "snapshot.chunk.pause.ms";

    /// <summary>Heartbeat interval.</summary>
    public const string HeartbeatIntervalMs = "heartbeat.interval.ms";

    /// <summary>A statement run with each heartbeat.</summary>
    public const string HeartbeatActionQuery = "heartbeat.action.query";

    /// <summary>Heartbeat topic prefix.</summary>
    public const string HeartbeatTopicsPrefix = "topic.heartbeat.prefix";

    /// <summary>Emit a tombstone after a delete event.</summary>
    public const string TombstonesOnDelete = "tombstones.on.delete";

    /// <summary>Operations not to emit.</summary>
    public const string SkippedOperations = "skipped.operations";

    /// <summary>Decimal representation.</summary>
    public const string DecimalHandlingMode = "decimal.handling.mode";

    /// <summary>What unchanged TOAST columns carry.</summary>
    public const string UnavailableValuePlaceholder = "unavailable.value.placeholder";

    /// <summary>Transaction metadata events.</summary>
    public const string ProvideTransactionMetadata = "provide.transaction.metadata";

    /// <summary>Most records one poll returns.</summary>
    public const string MaxBatchSize = "max.batch.size";

    /// <summary>Most records buffered between the replication stream and the worker.</summary>
    public const string MaxQueueSize = "max.queue.size";

    /// <summary>How long a poll waits for records.</summary>
    public const string PollIntervalMs = "poll.interval.ms";

    /// <summary>How often the connector reports its flushed position to the server.</summary>
    public const string StatusUpdateIntervalMs = "status.update.interval.ms";

    private const string ConnectionGroup = "Connection";
    private const string CaptureGroup = "Capture";
    private const string EventsGroup = "Events";

    /// <summary>The options.</summary>
    public static new ConfigDef Definition { get; } = new ConfigDef()
        .Define(Hostname, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "Host of the Postgres server.", ConnectionGroup, 1)
        .Define(Port, ConfigType.Int, 5432, Validators.Between(1, 65535), Importance.High, "Port of the Postgres server.", ConnectionGroup, 2)
        .Define(User, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "User to connect as; it needs the REPLICATION attribute (and CREATE on the database to create the publication).", ConnectionGroup, 3)
        .Define(DatabasePassword, ConfigType.Password, ConfigDef.NoDefaultValue, null, Importance.High, "Password of the user.", ConnectionGroup, 4)
        .Define(DbName, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "Database to capture.", ConnectionGroup, 5)
        .Define(SslMode, ConfigType.String, "prefer", Validators.InIgnoringCase("disable", "allow", "prefer", "require", "verify-ca", "verify-full"), Importance.Medium, "SSL mode of the connections.", ConnectionGroup, 6)
        .Define(TopicPrefix, ConfigType.String, ConfigDef.NoDefaultValue, Validators.Lambda(v => v is string s && TopicPrefixPattern().IsMatch(s) ? null : "must be letters, digits, '.', '_' or '-'", "topic name characters"), Importance.High,
            "Prefix of every topic (<prefix>.<schema>.<table>) and the logical server name in the source partition; do not change it once events were emitted.", CaptureGroup, 1)
        .Define(TableIncludeList, ConfigType.List, "", Validators.Lambda(ValidatePatterns, "comma-separated regular expressions"), Importance.High,
            "Regular expressions matching the fully-qualified names (schema.table) of the tables to capture; empty: every table of the publication.", CaptureGroup, 2)
        .Define(TableExcludeList, ConfigType.List, "", Validators.Lambda(ValidatePatterns, "comma-separated regular expressions"), Importance.Medium,
            "Regular expressions matching tables not to capture (only without table.include.list).", CaptureGroup, 3)
        .Define(PluginName, ConfigType.String, "pgoutput", Validators.In("pgoutput"), Importance.Medium, "Logical decoding output plugin; pgoutput (built into Postgres 10+) is the one supported.", CaptureGroup, 4)
        .Define(SlotName, ConfigType.String, "debezium", Validators.Lambda(v => v is string s && SlotNamePattern().IsMatch(s) ? null : "must be lower-case letters, digits and '_' (at most 63)", "a replication slot name"), Importance.Medium,
            "Logical replication slot to stream from; created when missing. One connector per slot.", CaptureGroup, 5)
        .Define(SlotDropOnStop, ConfigType.Boolean, false, null, Importance.Low, "Drop the slot when the connector stops (tests and throw-away setups: the next start misses changes made in between).", CaptureGroup, 6)
        .Define(PublicationName, ConfigType.String, "dbz_publication", Validators.NonEmptyString(), Importance.Medium, "Publication whose tables are streamed; created when missing (see publication.autocreate.mode).", CaptureGroup, 7)
        .Define(PublicationAutocreateMode, ConfigType.String, "filtered", Validators.In("filtered", "all_tables", "disabled"), Importance.Medium,
            "filtered: create the publication for the captured tables; all_tables: FOR ALL TABLES (needs superuser); disabled: the publication must exist.", CaptureGroup, 8)
        .Define(SnapshotMode, ConfigType.String, "initial", Validators.In("initial", "no_data", "never"), Importance.Medium,
            "initial: on first start (no stored offset) copy every captured table, in primary-key chunks interleaved with streaming and without locks, then keep streaming; no_data (alias never): only stream changes from the slot's position.", CaptureGroup, 9)
        .Define(SignalDataCollection, ConfigType.String, "public.deltaconnect_signal", Validators.Lambda(v => v is string s && s.Split('.') is [{ Length: > 0 }, { Length: > 0 }] ? null : "give schema.table", "schema.table"), Importance.Medium,
            "Table (schema.table; created when missing, added to the publication) where snapshot watermarks are written and where inserting a row (id, 'execute-snapshot', '{\"data-collections\": [\"public.orders\"]}') starts an ad-hoc snapshot.", CaptureGroup, 10)
        .Define(SnapshotChunkSize, ConfigType.Int, 4096, Validators.AtLeast(1), Importance.Medium, "Rows read per snapshot chunk (one primary-key range between two watermarks); at most two chunks are held in memory. Debezium's default is 1024; each chunk costs a few round trips through the server and the replication stream, so larger chunks copy faster.", CaptureGroup, 11)
        .Define(SnapshotChunkPauseMs, ConfigType.Long, 0L, Validators.AtLeast(0), Importance.Low, "Pause between snapshot chunks (ms), to throttle the load a snapshot puts on the database.", CaptureGroup, 12)
        .Define(HeartbeatIntervalMs, ConfigType.Int, 0, Validators.AtLeast(0), Importance.Medium,
            "Emit a heartbeat record this often (ms; 0: never) so the stored position, and with it the slot, advances while captured tables are quiet and WAL is not retained.", EventsGroup, 1)
        .Define(HeartbeatTopicsPrefix, ConfigType.String, "__debezium-heartbeat", Validators.NonEmptyString(), Importance.Low, "Heartbeats go to <this>.<topic.prefix>.", EventsGroup, 2)
        .Define(HeartbeatActionQuery, ConfigType.String, "", null, Importance.Low,
            "A statement run on every heartbeat (e.g. an upsert into a small captured table): the transaction it makes lets the slot advance when the captured tables are idle but other databases or tables write WAL.", EventsGroup, 3)
        .Define(TombstonesOnDelete, ConfigType.Boolean, true, null, Importance.Medium, "Follow each delete event with a tombstone (key, null value) so compacted topics drop the key.", EventsGroup, 3)
        .Define(SkippedOperations, ConfigType.List, "t", Validators.Lambda(v => v is IReadOnlyList<string> ops && ops.All(o => o is "c" or "u" or "d" or "t" or "none") ? null : "use c, u, d, t or none", "c, u, d, t or none"), Importance.Low,
            "Operations not to emit: c (insert), u (update), d (delete), t (truncate), none.", EventsGroup, 4)
        .Define(DecimalHandlingMode, ConfigType.String, "precise", Validators.In("precise", "double", "string"), Importance.Medium,
            "numeric columns as precise decimals (Connect Decimal; unconstrained numerics as io.debezium.data.VariableScaleDecimal), as double, or as strings.", EventsGroup, 5)
        .Define(UnavailableValuePlaceholder, ConfigType.String, "__debezium_unavailable_value", null, Importance.Low,
            "Value of an unchanged TOAST column the server did not send (text columns; bytes columns get its UTF-8 bytes).", EventsGroup, 6)
        .Define(ProvideTransactionMetadata, ConfigType.Boolean, false, null, Importance.Low, "Write BEGIN and END events of each transaction that changes captured tables to <topic.prefix>.transaction, and fill each change event's transaction block (id, total_order, data_collection_order).", EventsGroup, 7)
        .Define(MaxBatchSize, ConfigType.Int, 2048, Validators.AtLeast(1), Importance.Low, "Most records one poll returns.", EventsGroup, 8)
        .Define(MaxQueueSize, ConfigType.Int, 8192, Validators.AtLeast(1), Importance.Low, "Most records buffered between the replication stream and the worker (back-pressure).", EventsGroup, 9)
        .Define(PollIntervalMs, ConfigType.Long, 500L, Validators.AtLeast(1), Importance.Low, "How long a poll waits for records when none are buffered.", EventsGroup, 10)
        .Define(StatusUpdateIntervalMs, ConfigType.Int, 10000, Validators.AtLeast(1), Importance.Low, "How often the connector reports its flushed position to the server.", EventsGroup, 11);

    /// <summary>Parses <paramref name="originals"/>.</summary>
    public PostgresConnectorConfig(IReadOnlyDictionary<string, string> originals)
        : base(Definition, originals)
    {
    }

    /// <summary>The topic prefix.</summary>
    public string Prefix => GetString(TopicPrefix)!;

    /// <summary>The source partition of every record: Debezium's.</summary>
    public IReadOnlyDictionary<string, object?> SourcePartition => new Dictionary<string, object?> { ["server"] = Prefix };

    /// <summary>The signal table.</summary>
    public (string Schema, string Table) SignalTable => GetString(SignalDataCollection)!.Split('.') is [var schema, var table] ? (schema, table) : ("public", "deltaconnect_signal");

    /// <summary>Whether <paramref name="schema"/>.<paramref name="table"/> is captured (the signal table never is).</summary>
    public bool Captures(string schema, string table)
    {
        if ((schema, table) == SignalTable)
        {
            return false;
        }

        var name = $"{schema}.{table}";
        var include = GetList(TableIncludeList);
        if (include.Count > 0)
        {
            return include.Any(p => Regex.IsMatch(name, $"^(?:{p})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }

        return !GetList(TableExcludeList).Any(p => Regex.IsMatch(name, $"^(?:{p})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            && schema is not ("pg_catalog" or "information_schema");
    }

    /// <summary>A connection string for a regular (or, with <paramref name="replication"/>, a replication) connection.</summary>
    public string ConnectionString(bool replication = false)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = GetString(Hostname),
            Port = GetInt(Port),
            Username = GetString(User),
            Password = GetPassword(DatabasePassword)?.Value,
            Database = GetString(DbName),
            SslMode = Enum.Parse<SslMode>(GetString(SslMode)!.Replace("-", "", StringComparison.Ordinal), ignoreCase: true),
            ApplicationName = $"deltaconnect-{Prefix}",
            Timeout = 15,
            Pooling = !replication,
        };
        return builder.ConnectionString;
    }

    private static string? ValidatePatterns(object? value)
    {
        foreach (var pattern in value as IReadOnlyList<string> ?? [])
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                return $"'{pattern}' is not a valid regular expression: {e.Message}";
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex TopicPrefixPattern();

    [GeneratedRegex("^[a-z0-9_]{1,63}$")]
    private static partial Regex SlotNamePattern();
}
