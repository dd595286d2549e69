using System.Globalization;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Testing.Servers;
using MySqlConnector;

namespace DeltaConnect.Testing.Tests;

public sealed class MariaDbServerTests(MariaDbFixture mariaDb) : ServerTest(mariaDb.Server)
{
    private readonly MariaDbServer _server = mariaDb.Server;

    [Fact]
    public async Task Server_is_MariaDB_with_a_full_row_based_binlog()
    {
        await using var connection = new MySqlConnection(_server.ConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        Assert.Contains("MariaDB", connection.ServerVersion, StringComparison.Ordinal);
        Assert.Equal("1", await ScalarAsync(connection, "SELECT @@log_bin"));
        Assert.Equal("ROW", await ScalarAsync(connection, "SELECT @@binlog_format"));
        Assert.Equal("FULL", await ScalarAsync(connection, "SELECT @@binlog_row_image"));
    }

    [Fact]
    public async Task Committed_inserts_appear_in_the_binlog_as_row_events()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new MySqlConnection(await _server.CreateDatabaseAsync(cancellationToken: ct));
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)");

        string binlogFile;
        long position;
        await using (var status = new MySqlCommand("SHOW MASTER STATUS", connection))
        await using (var reader = await status.ExecuteReaderAsync(ct))
        {
            Assert.True(await reader.ReadAsync(ct), "SHOW MASTER STATUS returned no row: the binlog is off");
            binlogFile = reader.GetString(0);
            position = reader.GetInt64(1);
        }

        await ExecuteAsync(connection, "INSERT INTO customers VALUES (42, 'Ada Lovelace')");

        var eventTypes = new List<string>();
        await using (var events = new MySqlCommand($"SHOW BINLOG EVENTS IN '{binlogFile}' FROM {position}", connection))
        await using (var reader = await events.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                eventTypes.Add(reader.GetString("Event_type"));
            }
        }

        Assert.Contains("Table_map", eventTypes);
        Assert.Contains(eventTypes, e => e.StartsWith("Write_rows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Test_user_holds_replication_privileges()
    {
        await using var connection = new MySqlConnection(_server.ConnectionString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        var grants = await ScalarAsync(connection, "SHOW GRANTS");
        Assert.Contains("ALL PRIVILEGES", grants, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_rejected()
    {
        var builder = new MySqlConnectionStringBuilder(_server.ConnectionString()) { Password = "not-the-password", Pooling = false };
        await using var connection = new MySqlConnection(builder.ConnectionString);

        var error = await Assert.ThrowsAsync<MySqlException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));
        Assert.Equal(MySqlErrorCode.AccessDenied, error.ErrorCode);
    }

    private static async Task<string> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture)!;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
