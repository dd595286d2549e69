using System.Globalization;
using System.Text.Json;
using DeltaConnect.Plugins.Iceberg.Tests;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Testing.Fixtures;
using Npgsql;

namespace DeltaConnect.Worker.Tests;

/// <summary>
/// Postgres changes captured by the Postgres connector and written by the Iceberg sink through the embedded broker,
/// the table read back by icebird (an independent reader that applies equality deletes) and compared with Postgres.
/// </summary>
public sealed class IcebergSinkTests(BrokerFixture broker, PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Postgres_inserts_updates_and_deletes_end_up_in_the_Iceberg_table_exactly_as_in_Postgres()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var database = "db_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = await postgres.Server.CreateDatabaseAsync(database, Ct);
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, qty int)");
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", new Dictionary<string, string>
        {
            ["connector.class"] = "PostgresConnector",
            ["database.hostname"] = postgres.Server.Host,
            ["database.port"] = postgres.Server.Port.ToString(CultureInfo.InvariantCulture),
            ["database.user"] = postgres.Server.Username,
            ["database.password"] = postgres.Server.Password,
            ["database.dbname"] = database,
            ["topic.prefix"] = prefix,
            ["slot.name"] = "s_" + Guid.NewGuid().ToString("N")[..10],
            ["snapshot.mode"] = "no_data",
            ["key.converter"] = "org.apache.kafka.connect.json.JsonConverter",
            ["value.converter"] = "org.apache.kafka.connect.json.JsonConverter",
        });
        var warehouse = scenario.Path("warehouse");
        await scenario.CreateConnectorAsync("lake", new Dictionary<string, string>
        {
            ["connector.class"] = "IcebergSinkConnector",
            ["topics"] = $"{prefix}.public.orders",
            ["iceberg.tables"] = "pg.orders",
            ["iceberg.catalog.type"] = "hadoop",
            ["iceberg.catalog.warehouse"] = warehouse,
            ["iceberg.control.commit.interval-ms"] = "200",
            ["key.converter"] = "org.apache.kafka.connect.json.JsonConverter",
            ["value.converter"] = "org.apache.kafka.connect.json.JsonConverter",
        });
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        await scenario.WaitForTaskStateAsync("lake", WorkerState.Running);

        await Sql.ExecuteAsync(connectionString, "INSERT INTO orders SELECT i, 'customer ' || i, i FROM generate_series(1, 20) i");
        await Sql.ExecuteAsync(connectionString, "UPDATE orders SET qty = qty * 100 WHERE id % 3 = 0");
        await Sql.ExecuteAsync(connectionString, "UPDATE orders SET customer = 'renamed' WHERE id = 3; UPDATE orders SET customer = 'renamed twice' WHERE id = 3");
        await Sql.ExecuteAsync(connectionString, "DELETE FROM orders WHERE id % 5 = 0");
        await Sql.ExecuteAsync(connectionString, "INSERT INTO orders VALUES (5, 'back again', 55)");
        var expected = await PostgresRowsAsync(connectionString);

        var table = new Uri(Path.Combine(warehouse, "pg", "orders")).AbsoluteUri;
        var actual = await WaitForRowsAsync(table, expected);
        Assert.Equal(expected, actual);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Reads the table until it equals <paramref name="expected"/> or the deadline passes; returns the last read.</summary>
    private static async Task<List<string>> WaitForRowsAsync(string table, List<string> expected)
    {
        var until = DateTime.UtcNow + Deadline;
        var rows = new List<string>();
        while (DateTime.UtcNow < until)
        {
            // Version 1 is the empty table the sink creates before its first commit (icebird needs a snapshot).
            var hint = Path.Combine(new Uri(table).LocalPath, "metadata", "version-hint.text");
            if (File.Exists(hint) && (await File.ReadAllTextAsync(hint, Ct)).Trim() != "1")
            {
                rows = await IcebirdRowsAsync(table);
                if (rows.SequenceEqual(expected))
                {
                    return rows;
                }
            }

            await Task.Delay(300, Ct);
        }

        return rows;
    }

    private static async Task<List<string>> IcebirdRowsAsync(string table) =>
        [.. (await Icebird.ReadAsync(table)).EnumerateArray()
            .Select(r => $"{r.GetProperty("id").GetInt32()}|{r.GetProperty("customer").GetString()}|{(r.GetProperty("qty").ValueKind == JsonValueKind.Null ? "null" : r.GetProperty("qty").GetInt32().ToString(CultureInfo.InvariantCulture))}")
            .Order(StringComparer.Ordinal)];

    private static async Task<List<string>> PostgresRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT id, customer, qty FROM orders", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add($"{reader.GetInt32(0)}|{reader.GetString(1)}|{(reader.IsDBNull(2) ? "null" : reader.GetInt32(2).ToString(CultureInfo.InvariantCulture))}");
        }

        return [.. rows.Order(StringComparer.Ordinal)];
    }
}
