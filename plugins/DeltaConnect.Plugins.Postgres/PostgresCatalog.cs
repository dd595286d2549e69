using Npgsql;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// Catalog lookups on a regular connection: server checks, the publication, and column details the replication
/// stream does not carry (non-builtin types, NOT NULL, the primary key).
/// </summary>
internal sealed class PostgresCatalog(NpgsqlConnection connection, PostgresConnectorConfig config) : IAsyncDisposable
{
    private readonly Dictionary<(uint Oid, int Modifier), PgColumnType> _types = [];

    public NpgsqlConnection Connection => connection;

    /// <summary>Connects; failures name the option to fix.</summary>
    public static async Task<PostgresCatalog> OpenAsync(PostgresConnectorConfig config, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(config.ConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw ConnectionProblem.From(e, config);
        }

        return new PostgresCatalog(connection, config);
    }

    /// <summary>wal_level must be logical and the user must be allowed to replicate.</summary>
    public async Task<ConnectionProblem?> CheckReplicationAsync(CancellationToken cancellationToken)
    {
        var walLevel = (string)(await Scalar("SHOW wal_level", cancellationToken))!;
        if (walLevel != "logical")
        {
            return new ConnectionProblem(PostgresConnectorConfig.PluginName,
                $"The server's wal_level is '{walLevel}'; logical decoding needs wal_level=logical. Run ALTER SYSTEM SET wal_level = logical and restart the server.");
        }

        var canReplicate = (bool)(await Scalar("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user", cancellationToken))!;
        return canReplicate
            ? null
            : new ConnectionProblem(PostgresConnectorConfig.User,
                $"User '{config.GetString(PostgresConnectorConfig.User)}' may not start replication. Grant it: ALTER ROLE {config.GetString(PostgresConnectorConfig.User)} WITH REPLICATION.");
    }

    /// <summary>Ordinary and partitioned tables the config captures, as schema.table.</summary>
    public async Task<List<(string Schema, string Table)>> CapturedTablesAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (config.Captures(reader.GetString(0), reader.GetString(1)))
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return tables;
    }

    /// <summary>Creates the publication when missing (or brings a filtered one up to date), as publication.autocreate.mode says.</summary>
    public async Task EnsurePublicationAsync(CancellationToken cancellationToken)
    {
        var name = config.GetString(PostgresConnectorConfig.PublicationName)!;
        var mode = config.GetString(PostgresConnectorConfig.PublicationAutocreateMode);
        var allTables = (bool?)await Scalar("SELECT puballtables FROM pg_publication WHERE pubname = @p0", cancellationToken, name);
        if (mode == "disabled")
        {
            if (allTables is null)
            {
                throw new Sdk.Errors.ConfigException(PostgresConnectorConfig.PublicationName, name,
                    $"publication '{name}' does not exist and publication.autocreate.mode=disabled; create it (CREATE PUBLICATION {name} FOR TABLE ...) or use another mode.");
            }

            return;
        }

        if (mode == "all_tables")
        {
            if (allTables is null)
            {
                await Execute($"CREATE PUBLICATION {Quote(name)} FOR ALL TABLES", cancellationToken);
            }

            return;
        }

        var tables = await CapturedTablesAsync(cancellationToken);
        var signal = config.SignalTable;
        if (tables.Count == 0)
        {
            throw new Sdk.Errors.ConfigException(PostgresConnectorConfig.TableIncludeList, string.Join(',', config.GetList(PostgresConnectorConfig.TableIncludeList)),
                $"no table of database '{config.GetString(PostgresConnectorConfig.DbName)}' matches; check table.include.list (schema.table regular expressions).");
        }

        var list = string.Join(", ", tables.Append(signal).Distinct().Select(t => $"{Quote(t.Schema)}.{Quote(t.Table)}"));
        if (allTables is null)
        {
            await Execute($"CREATE PUBLICATION {Quote(name)} FOR TABLE {list}", cancellationToken);
        }
        else if (allTables == false)
        {
            await Execute($"ALTER PUBLICATION {Quote(name)} SET TABLE {list}", cancellationToken);
        }
    }

    /// <summary>The slot's state: null when missing, else its plugin, database and the pid using it.</summary>
    public async Task<(string Plugin, string Database, int? ActivePid)?> SlotAsync(string slot, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT plugin, database, active_pid FROM pg_replication_slots WHERE slot_name = @p0", connection);
        command.Parameters.AddWithValue("p0", slot);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.IsDBNull(0) ? "" : reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2))
            : null;
    }

    public Task DropSlotAsync(string slot, CancellationToken cancellationToken) =>
        Execute($"SELECT pg_drop_replication_slot('{slot}') WHERE EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '{slot}' AND NOT active)", cancellationToken);

    /// <summary>The table behind a Relation message, with the columns in the message's order.</summary>
    public async Task<CapturedTable> DescribeAsync(uint relationId, string schema, string table, IReadOnlyList<(string Name, uint TypeOid, int TypeModifier, bool KeyFlag)> columns, CancellationToken cancellationToken)
    {
        var details = (await ColumnsAsync(relationId, cancellationToken)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var hasPrimaryKey = details.Values.Any(d => d.PrimaryKey);
        var captured = new List<CapturedColumn>(columns.Count);
        foreach (var (name, oid, modifier, keyFlag) in columns)
        {
            var detail = details.GetValueOrDefault(name);
            captured.Add(new CapturedColumn(name, await TypeAsync(oid, modifier, cancellationToken), hasPrimaryKey ? detail.PrimaryKey : keyFlag && !AllFlagged(columns), detail.NotNull, detail.SqlType ?? "text"));
        }

        return new CapturedTable(relationId, schema, table, config.Prefix, captured);
    }

    /// <summary>A table by name, as the replication stream would describe it (columns in attribute order); null when it does not exist.</summary>
    public async Task<CapturedTable?> DescribeAsync(string schema, string table, CancellationToken cancellationToken)
    {
        var relationId = (uint?)await Scalar("SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @p0 AND c.relname = @p1", cancellationToken, schema, table);
        if (relationId is not { } id)
        {
            return null;
        }

        var columns = await ColumnsAsync(id, cancellationToken);
        return await DescribeAsync(id, schema, table, [.. columns.Select(c => (c.Name, c.TypeOid, c.TypeModifier, c.PrimaryKey))], cancellationToken);
    }

    /// <summary>Creates the signal table (id, type, data — Debezium's layout) when it does not exist.</summary>
    public Task EnsureSignalTableAsync(string schema, string table, CancellationToken cancellationToken) =>
        Execute($"CREATE TABLE IF NOT EXISTS {Quote(schema)}.{Quote(table)} (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))", cancellationToken);

    private async Task<List<(string Name, uint TypeOid, int TypeModifier, bool NotNull, bool PrimaryKey, string? SqlType)>> ColumnsAsync(uint relationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.attname, a.atttypid, a.atttypmod, a.attnotnull, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY (i.indkey)), format_type(a.atttypid, a.atttypmod) " +
            "FROM pg_attribute a WHERE a.attrelid = @p0 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum", connection);
        command.Parameters.AddWithValue("p0", NpgsqlTypes.NpgsqlDbType.Oid, relationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<(string, uint, int, bool, bool, string?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add((reader.GetString(0), reader.GetFieldValue<uint>(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetString(5)));
        }

        return columns;
    }

    /// <summary>REPLICA IDENTITY FULL flags every column; that is not a key.</summary>
    private static bool AllFlagged(IReadOnlyList<(string Name, uint TypeOid, int TypeModifier, bool KeyFlag)> columns) => columns.All(c => c.KeyFlag);

    private async Task<PgColumnType> TypeAsync(uint oid, int modifier, CancellationToken cancellationToken)
    {
        if (_types.TryGetValue((oid, modifier), out var known))
        {
            return known;
        }

        var type = PgColumnType.ForBuiltin(oid, modifier, config.GetString(PostgresConnectorConfig.DecimalHandlingMode)!);
        if (type is null)
        {
            await using var command = new NpgsqlCommand(
                "SELECT t.typtype, t.typelem, t.typbasetype, format_type(t.oid, NULL), t.typcategory, " +
                "coalesce((SELECT array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '{}') FROM pg_type t WHERE t.oid = @p0",
                connection);
            command.Parameters.AddWithValue("p0", NpgsqlTypes.NpgsqlDbType.Oid, oid);
            (char Kind, uint Element, uint Base, string Name, char Category, string[] Labels)? row = null;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    row = (reader.GetChar(0), reader.GetFieldValue<uint>(1), reader.GetFieldValue<uint>(2), reader.GetString(3), reader.GetChar(4), reader.GetFieldValue<string[]>(5));
                }
            }

            type = row switch
            {
                null => PgColumnType.Text($"oid {oid}"),
                { Kind: 'e' } r => PgColumnType.Enum(r.Name, r.Labels),
                { Kind: 'd' } r => await TypeAsync(r.Base, modifier, cancellationToken),
                { Category: 'A', Element: > 0 } r => PgColumnType.Array(await TypeAsync(r.Element, -1, cancellationToken)),
                var r => PgColumnType.Text(r.Value.Name),
            };
        }

        _types[(oid, modifier)] = type;
        return type;
    }

    /// <summary>Runs <paramref name="sql"/> (no results).</summary>
    public async Task Execute(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task<object?> Scalar(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }

        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

/// <summary>A problem with the connection or the server, attributed to the option that fixes it.</summary>
internal sealed class ConnectionProblem(string option, string message) : Exception(message)
{
    public string Option { get; } = option;

    public static ConnectionProblem From(Exception e, PostgresConnectorConfig config)
    {
        var host = $"{config.GetString(PostgresConnectorConfig.Hostname)}:{config.GetInt(PostgresConnectorConfig.Port)}";
        return (e as PostgresException)?.SqlState switch
        {
            "28P01" or "28000" => new ConnectionProblem(PostgresConnectorConfig.DatabasePassword,
                $"Postgres at {host} refused user '{config.GetString(PostgresConnectorConfig.User)}': {((PostgresException)e).MessageText}. Check database.user and database.password."),
            "3D000" => new ConnectionProblem(PostgresConnectorConfig.DbName,
                $"Database '{config.GetString(PostgresConnectorConfig.DbName)}' does not exist on {host}."),
            _ => new ConnectionProblem(PostgresConnectorConfig.Hostname, $"Cannot connect to Postgres at {host}: {e.Message}"),
        };
    }
}
