using DeltaConnect.Sdk.Cdc;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using Npgsql;
using NpgsqlTypes;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// Postgres's part of the DBLog snapshots (<see cref="DbLogSnapshotter{TTable}"/>): watermarks are rows inserted into
/// the signal table (<c>snapshot-window-open</c>/<c>snapshot-window-close</c>), and a chunk is read in one round trip
/// of autocommitted statements.
/// </summary>
/// <param name="catalog">The task's catalog connection (used for validating requests, on the stream's side).</param>
/// <param name="connectionString">The snapshot loop's connection: a session printing values as pgoutput does.</param>
internal sealed class PostgresSnapshotDialect(PostgresCatalog catalog, PostgresConnectorConfig config, string connectionString) : ISnapshotDialect<CapturedTable>
{
    /// <inheritdoc />
    public async Task<ISnapshotSession<CapturedTable>> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new Session(connection, config);
    }

    /// <inheritdoc />
    public Task<CapturedTable?> DescribeAsync(string table, CancellationToken cancellationToken) => Describe(catalog, table, cancellationToken);

    /// <inheritdoc />
    public string NameOf(CapturedTable table) => table.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> KeyColumnsOf(CapturedTable table) => table.KeyColumnNames;

    /// <inheritdoc />
    public Struct? KeyOf(CapturedTable table, Struct row) => table.KeyOf(row);

    /// <inheritdoc />
    public async Task ValidateFilterAsync(CapturedTable table, string filter, CancellationToken cancellationToken)
    {
        try
        {
            await catalog.Execute($"SELECT 1 FROM {PostgresCatalog.Quote(table.SchemaName)}.{PostgresCatalog.Quote(table.TableName)} t WHERE ({filter}) LIMIT 0", cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new DataException($"execute-snapshot signal for {table.Name}: the additional-conditions filter '{filter}' is not a valid condition on the table: {e.MessageText}. Fix the filter and insert a new signal row.", e);
        }
    }

    /// <summary>schema.table; null when the name has no schema or the table does not exist.</summary>
    private static async Task<CapturedTable?> Describe(PostgresCatalog catalog, string table, CancellationToken cancellationToken)
    {
        var separator = table.IndexOf('.', StringComparison.Ordinal);
        return separator < 0 ? null : await catalog.DescribeAsync(table[..separator], table[(separator + 1)..], cancellationToken);
    }

    private sealed class Session(NpgsqlConnection connection, PostgresConnectorConfig config) : ISnapshotSession<CapturedTable>
    {
        private readonly PostgresCatalog _catalog = new(connection, config);
        private readonly string _signal = SignalTableName(config);
        private ChunkQuery? _query;

        public Task<CapturedTable?> DescribeAsync(string table, CancellationToken cancellationToken) => Describe(_catalog, table, cancellationToken);

        public Task<SnapshotChunk> ReadChunkAsync(SnapshotChunkRequest<CapturedTable> request, CancellationToken cancellationToken)
        {
            if (_query is null || !ReferenceEquals(_query.Table, request.Table) || !ReferenceEquals(_query.Target, request.Target) || _query.ChunkSize != request.ChunkSize)
            {
                _query = new ChunkQuery(request.Table, request.Target, _signal, request.ChunkSize);
            }

            return _query.ReadAsync(connection, request, cancellationToken);
        }

        public Task DeleteWatermarksAsync(IReadOnlyList<string> watermarks, CancellationToken cancellationToken) =>
            _catalog.Execute($"DELETE FROM {_signal} WHERE id = ANY(@p0)", cancellationToken, (object)watermarks.ToArray());

        // Closes the connection.
        public ValueTask DisposeAsync() => _catalog.DisposeAsync();

        private static string SignalTableName(PostgresConnectorConfig config)
        {
            var (schema, table) = config.SignalTable;
            return $"{PostgresCatalog.Quote(schema)}.{PostgresCatalog.Quote(table)}";
        }
    }

    /// <summary>
    /// The chunk query of one snapshot target: columns of common types read in binary with typed getters, the rest as
    /// text (the session's formats match pgoutput's); the key columns also as text, for the next chunk's lower bound.
    /// </summary>
    private sealed class ChunkQuery
    {
        private readonly string _signal;
        private readonly List<CapturedColumn> _keys;
        private readonly string _select;
        private readonly string _order;

        public ChunkQuery(CapturedTable table, SnapshotTarget target, string signal, int chunkSize)
        {
            Table = table;
            Target = target;
            ChunkSize = chunkSize;
            _signal = signal;
            _keys = [.. table.Columns.Where(c => c.IsKey)];
            // Qualified with the table alias: an unqualified name in ORDER BY would sort by the output column of that name.
            var columns = table.Columns.Select((c, i) => $"t.{PostgresCatalog.Quote(c.Name)}{(c.Type.ReadBinary is null ? "::text" : "")} AS c{i}")
                .Concat(_keys.Select((k, i) => $"t.{PostgresCatalog.Quote(k.Name)}::text AS k{i}"));
            _order = string.Join(", ", _keys.Select(k => $"t.{PostgresCatalog.Quote(k.Name)}"));
            _select = $"SELECT {string.Join(", ", columns)} FROM {PostgresCatalog.Quote(table.SchemaName)}.{PostgresCatalog.Quote(table.TableName)} t";
        }

        public CapturedTable Table { get; }

        public SnapshotTarget Target { get; }

        public int ChunkSize { get; }

        /// <summary>
        /// One round trip, each statement committed on its own: delete the finished windows' watermark rows, write the low
        /// watermark, select the chunk, write the high watermark.
        /// </summary>
        public async Task<SnapshotChunk> ReadAsync(NpgsqlConnection connection, SnapshotChunkRequest<CapturedTable> request, CancellationToken cancellationToken)
        {
            await using var batch = new NpgsqlBatch(connection) { EnableErrorBarriers = true };
            if (request.FinishedWatermarks.Count > 0)
            {
                batch.BatchCommands.Add(Command($"DELETE FROM {_signal} WHERE id = ANY(@p0)", (object)request.FinishedWatermarks.ToArray()));
            }

            var name = Table.Name;
            batch.BatchCommands.Add(Command($"INSERT INTO {_signal} (id, type, data) VALUES (@p0, 'snapshot-window-open', @p1)", request.LowWatermark, name));
            batch.BatchCommands.Add(SelectCommand(request.After));
            batch.BatchCommands.Add(Command($"INSERT INTO {_signal} (id, type, data) VALUES (@p0, 'snapshot-window-close', @p1)", request.HighWatermark, name));

            var rows = new List<Struct>(ChunkSize);
            string[]? lastKey = null;
            var columns = Table.Columns;
            var valueSchema = Table.ValueSchema;
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken))
            {
                // The DELETE and the low watermark have no result columns.
            }

            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new Struct(valueSchema);
                for (var i = 0; i < columns.Count; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        continue;
                    }

                    var column = columns[i];
                    var field = valueSchema.Fields[i];
                    row.Put(field, column.Type.ReadBinary is { } read ? read(reader, i) : column.Type.Parse(reader.GetString(i), name, column.Name));
                }

                rows.Add(row);
                if (rows.Count == ChunkSize)
                {
                    // Only a full chunk has a next one to start after its last key (a shorter chunk is the target's last).
                    lastKey = new string[_keys.Count];
                    for (var k = 0; k < _keys.Count; k++)
                    {
                        lastKey[k] = reader.GetString(columns.Count + k);
                    }
                }
            }

            while (await reader.NextResultAsync(cancellationToken))
            {
                // The high watermark.
            }

            return new SnapshotChunk(rows, lastKey);
        }

        private NpgsqlBatchCommand SelectCommand(IReadOnlyList<string>? after)
        {
            var command = new NpgsqlBatchCommand();
            var conditions = new List<string>();
            void Bound(IReadOnlyList<string> values, string comparison)
            {
                var parameters = values.Select((v, i) => Parameter(command, v, _keys[i].SqlType));
                conditions.Add($"({_order}) {comparison} ({string.Join(", ", parameters)})");
            }

            if (after is not null)
            {
                Bound(after, ">");
            }

            if (Target.From is { } from)
            {
                Bound(from, ">=");
            }

            if (Target.To is { } to)
            {
                Bound(to, "<=");
            }

            if (Target.Keys is { } keys)
            {
                // Bound as text arrays, one per key column, cast to the column types: no key value is ever SQL text.
                var arrays = _keys.Select((k, i) => Parameter(command, keys.Select(key => key[i]).ToArray(), k.SqlType + "[]"));
                conditions.Add($"({_order}) IN (SELECT * FROM unnest({string.Join(", ", arrays)}))");
            }

            if (Target.Filter is { } filter)
            {
                conditions.Add($"({filter})");
            }

            command.CommandText = $"{_select}{(conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "")} ORDER BY {_order} LIMIT {ChunkSize}";
            return command;
        }

        private static string Parameter(NpgsqlBatchCommand command, object value, string sqlType)
        {
            var name = $"p{command.Parameters.Count}";
            command.Parameters.Add(new NpgsqlParameter(name, value is string[] ? NpgsqlDbType.Array | NpgsqlDbType.Text : NpgsqlDbType.Text) { Value = value });
            return $"@{name}::{sqlType}";
        }

        private static NpgsqlBatchCommand Command(string sql, params object[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters.AddWithValue($"p{i}", parameters[i]);
            }

            return command;
        }
    }
}
