using System.Globalization;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;
using DuckDB.NET.Data;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Parquet data files checked with DuckDB: field ids on every schema node, and the values written.</summary>
public sealed class ParquetDataFileTests
{
    private static readonly ConnectSchema Address = SchemaBuilder.Struct().Name("address").Optional()
        .Field("street", ConnectSchema.OptionalString)
        .Field("zip", ConnectSchema.Int32)
        .Build();

    private static readonly ConnectSchema Nested = SchemaBuilder.Struct().Name("customer")
        .Field("id", ConnectSchema.Int64)
        .Field("address", Address)
        .Field("tags", SchemaBuilder.Array(ConnectSchema.OptionalString).Optional().Build())
        .Field("amount", ConnectDecimal.Builder(3).Parameter(ConnectSchemaConverter.DecimalPrecisionParameter, "12").Optional().Build())
        .Build();

    [Fact]
    public void Every_parquet_schema_node_carries_its_iceberg_field_id_including_groups()
    {
        var directory = TestTables.NewTableDirectory("field-ids");
        var schema = ConnectSchemaConverter.ToIceberg(Nested);
        var table = FileSystemTable.Create(directory, schema);
        table.Append([Customer(1, "Main St", 1000, ["a", null, "b"], 1.5m)]);
        var file = Directory.GetFiles(Path.Combine(directory, "data"), "*.parquet").Single();

        var nodes = DuckDb.Query($"SELECT name, field_id, repetition_type FROM parquet_schema('{file}')", r => (Name: r.GetString(0), Id: r.IsDBNull(1) ? (int?)null : r.GetInt32(1), Repetition: r.IsDBNull(2) ? null : r.GetString(2)));

        // Fresh ids: the top-level fields first (1-4), then nested fields in order.
        var expected = new (string Name, int? Id)[]
        {
            ("table", null), ("id", 1), ("address", 2), ("street", 5), ("zip", 6), ("tags", 3), ("list", null), ("element", 7), ("amount", 4),
        };
        Assert.Equal(expected, nodes.Select(n => (n.Name, n.Id)).ToArray());
        // The only node without an id besides the root is the LIST's repeated group, which has no Iceberg field.
        Assert.Equal("REPEATED", nodes.Single(n => n.Name == "list").Repetition);
        Assert.Equal(7, schema.HighestFieldId);
    }

    [Fact]
    public void DuckDB_reads_back_nested_structs_lists_decimals_and_nulls()
    {
        var directory = TestTables.NewTableDirectory("values");
        var table = FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(Nested));
        table.Append([
            Customer(1, "Main St", 1000, ["a", null, "b"], 1.5m),
            Customer(2, null, 7, [], -123456789.123m),
            new Struct(Nested).Put("id", 3L),
        ]);
        var file = Directory.GetFiles(Path.Combine(directory, "data"), "*.parquet").Single();

        var rows = DuckDb.Query(
            $"SELECT id, address.street, address.zip, address IS NULL, array_to_string(tags, ','), len(tags), tags IS NULL, CAST(amount AS VARCHAR) FROM read_parquet('{file}') ORDER BY id",
            r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));

        Assert.Equal(
            [
                "1|Main St|1000|False|a,b|3|False|1.500",
                "2|null|7|False||0|False|-123456789.123",
                "3|null|null|True|null|null|True|null",
            ],
            rows);
    }

    [Fact]
    public void Flat_rows_of_every_supported_type_are_read_back_by_DuckDB()
    {
        var directory = TestTables.NewTableDirectory("flat");
        var table = FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        var at = new DateTimeOffset(2026, 11, 23, 10, 15, 30, 123, TimeSpan.Zero);
        table.Append([
            TestTables.FlatRow(1, "alpha", 10, 12.34m, 0.5, true, new DateOnly(2026, 1, 2), at),
            TestTables.FlatRow(2, null, null, null, null, null, null, null),
        ]);
        var file = Directory.GetFiles(Path.Combine(directory, "data"), "*.parquet").Single();

        var rows = DuckDb.Query(
            $"SELECT id, name, qty, small, CAST(price AS VARCHAR), ratio, active, CAST(day AS VARCHAR), epoch_ms(\"at\") FROM read_parquet('{file}') ORDER BY id",
            r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));

        Assert.Equal(
            [
                $"1|alpha|10|20|12.34|0.5|True|2026-01-02|{at.ToUnixTimeMilliseconds()}",
                "2|null|null|null|null|null|null|null|null",
            ],
            rows);
    }

    private static Struct Customer(long id, string? street, int zip, string?[] tags, decimal amount) =>
        new Struct(Nested)
            .Put("id", id)
            .Put("address", new Struct(Address).Put("street", street).Put("zip", zip))
            .Put("tags", tags.ToList())
            .Put("amount", amount);

}
