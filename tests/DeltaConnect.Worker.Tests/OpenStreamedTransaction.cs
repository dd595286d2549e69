using Npgsql;

namespace DeltaConnect.Worker.Tests;

/// <summary>
/// A transaction larger than logical_decoding_work_mem, left open until the test commits it: Postgres 14+ streams its
/// changes (pgoutput v2 Stream Start/Stop blocks) to the slot's client while it runs. The database needs
/// <c>logical_decoding_work_mem = '64kB'</c> and a table <c>(id int PRIMARY KEY, pad text)</c>.
/// </summary>
internal sealed class OpenStreamedTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _table;
    private NpgsqlTransaction? _transaction;

    private OpenStreamedTransaction(NpgsqlConnection connection, string table)
    {
        _connection = connection;
        _table = table;
    }

    /// <summary>The WAL position before the transaction's first change.</summary>
    public string First { get; private set; } = "";

    /// <summary>
    /// Begins the transaction, inserts ids <paramref name="from"/>..<paramref name="to"/> and waits until the slot's
    /// client was sent all of it, streamed (the server counts it in stream_txns).
    /// </summary>
    public static async Task<OpenStreamedTransaction> StartAsync(string connectionString, string slot, string table, int from, int to)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var open = new OpenStreamedTransaction(connection, table);
        open._transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        open.First = await Sql.ScalarAsync<string>(connection, "SELECT pg_current_wal_insert_lsn()::text");
        await open.InsertAsync(from, to, 'x');
        var written = await Sql.ScalarAsync<string>(connection, "SELECT pg_current_wal_insert_lsn()::text");
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await Sql.ScalarAsync<bool>(connectionString, $"SELECT coalesce((SELECT r.sent_lsn >= '{written}'::pg_lsn FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = '{slot}'), false)")
            || await Sql.ScalarAsync<long>(connectionString, $"SELECT coalesce((SELECT stream_txns FROM pg_stat_replication_slots WHERE slot_name = '{slot}'), 0)") < 1)
        {
            Assert.True(DateTime.UtcNow < until, "the open transaction's changes were never streamed to the slot's client");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return open;
    }

    /// <summary>Whether the slot still keeps the transaction's WAL: its restart_lsn is not past the first change.</summary>
    public Task<bool> SlotKeepsItAsync(string connectionString, string slot) =>
        Sql.ScalarAsync<bool>(connectionString, $"SELECT restart_lsn <= '{First}'::pg_lsn FROM pg_replication_slots WHERE slot_name = '{slot}'");

    /// <summary>Inserts more rows into the open transaction.</summary>
    public Task InsertAsync(int from, int to, char pad) =>
        Sql.ExecuteAsync(_connection, $"INSERT INTO {_table} SELECT i, repeat('{pad}', 100) FROM generate_series({from}, {to}) i");

    public Task CommitAsync() => _transaction!.CommitAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}
