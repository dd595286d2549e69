using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Testing.Servers;
using Npgsql;
using Npgsql.Replication;

namespace DeltaConnect.Testing.Tests;

public sealed class PostgresServerTests(PostgresFixture postgres) : ServerTest(postgres.Server)
{
    private readonly PostgresServer _server = postgres.Server;

    [Fact]
    public async Task Server_is_PostgreSQL_15_or_newer_with_logical_wal_level()
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        Assert.True(connection.PostgreSqlVersion.Major >= 15, $"server version {connection.PostgreSqlVersion}");
        Assert.Equal("logical", await ScalarAsync(connection, "SHOW wal_level"));
        Assert.True(int.Parse(await ScalarAsync(connection, "SHOW max_replication_slots"), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Logical_decoding_slot_returns_committed_inserts()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await _server.CreateDatabaseAsync(cancellationToken: ct);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)");
        await ExecuteAsync(connection, "SELECT pg_create_logical_replication_slot('smoke_slot', 'test_decoding')");
        await ExecuteAsync(connection, "INSERT INTO customers VALUES (42, 'Ada Lovelace')");

        var changes = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT data FROM pg_logical_slot_get_changes('smoke_slot', NULL, NULL)", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                changes.Add(reader.GetString(0));
            }
        }

        await ExecuteAsync(connection, "SELECT pg_drop_replication_slot('smoke_slot')");
        Assert.Contains(changes, c => c.Contains("table public.customers: INSERT: id[integer]:42 name[text]:'Ada Lovelace'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replication_connection_identifies_the_system_and_creates_a_pgoutput_slot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var replication = new LogicalReplicationConnection(_server.ConnectionString());
        await replication.Open(ct);

        var system = await replication.IdentifySystem(ct);
        Assert.NotEqual(0UL, (ulong)system.XLogPos);

        var slot = await replication.CreatePgOutputReplicationSlot("smoke_pgoutput", temporarySlot: true, cancellationToken: ct);
        Assert.Equal("smoke_pgoutput", slot.Name);
    }

    [Fact]
    public async Task Wrong_password_is_rejected()
    {
        var builder = new NpgsqlConnectionStringBuilder(_server.ConnectionString()) { Password = "not-the-password", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task A_dedicated_server_applies_its_settings_and_leaves_only_its_log_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await PostgresServer.StartAsync(
            new PostgresServerOptions { Settings = new Dictionary<string, string> { ["wal_level"] = "replica" } }, ct);
        string dataDirectory;
        await using (server)
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString());
            await connection.OpenAsync(ct);
            Assert.Equal("replica", await ScalarAsync(connection, "SHOW wal_level"));
            Assert.NotEqual(_server.Port, server.Port);
            dataDirectory = Path.GetDirectoryName(server.LogPath)!;
            Assert.True(Directory.Exists(dataDirectory));
        }

        Assert.False(Directory.Exists(dataDirectory), $"{dataDirectory} should be removed when the server stops");
        var keptLog = Path.Combine(TestRunDirectory.LogDirectory, $"{Path.GetFileName(dataDirectory)}-postgres.log");
        Assert.Contains("database system is ready to accept connections", await File.ReadAllTextAsync(keptLog, ct), StringComparison.Ordinal);
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
