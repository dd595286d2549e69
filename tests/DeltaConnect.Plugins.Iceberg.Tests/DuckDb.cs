using DuckDB.NET.Data;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>DuckDB, in memory, as the independent reader of the Parquet files the writer produces.</summary>
internal static class DuckDb
{
    /// <summary>Runs <paramref name="sql"/> and maps each row with <paramref name="read"/>.</summary>
    public static List<T> Query<T>(string sql, Func<System.Data.Common.DbDataReader, T> read)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
