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

    [Fact]
    public void Binary_float_time_and_string_columns_over_several_row_groups_are_read_back_with_file_bounds()
    {
        // More rows than the first row group holds, so the column buffers are written, emptied and refilled, and the
        // file's bounds and counts are merged over row groups.
        var schema = SchemaBuilder.Struct().Name("mixed")
            .Field("id", ConnectSchema.Int64)
            .Field("blob", ConnectSchema.OptionalBytes)
            .Field("ratio", ConnectSchema.OptionalFloat32)
            .Field("clock", ConnectTime.Builder().Optional().Build())
            .Field("label", ConnectSchema.OptionalString)
            .Build();
        var rows = Enumerable.Range(0, 2_500).Select(i => new Struct(schema)
            .Put("id", (long)i)
            .Put("blob", i % 7 == 0 ? null : new[] { (byte)(i % 251), (byte)(i / 251) })
            .Put("ratio", i == 1_700 ? float.NaN : i % 5 == 0 ? null : (float)(i - 1_000) / 4)
            .Put("clock", i % 3 == 0 ? null : TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(i)))
            .Put("label", i % 11 == 0 ? null : $"{(i == 2_223 ? "\u00e9" : "")}row-{i:D5}"))
            .ToList();
        var iceberg = ConnectSchemaConverter.ToIceberg(schema);
        var file = Path.Combine(TestTables.NewTableDirectory("mixed"), "mixed.parquet");

        var data = Parquet.ParquetDataFileWriter.Write(file, iceberg, rows);

        var read = DuckDb.Query(
            $"SELECT count(*), count(blob), string_agg(hex(blob), '' ORDER BY id), count(ratio), sum(CASE WHEN isnan(ratio) THEN 0 ELSE ratio END), count(clock), " +
            $"max(clock)::VARCHAR, count(label), max(label), (SELECT octet_length(blob) FROM read_parquet('{file}') WHERE id = 1) " +
            $"FROM read_parquet('{file}')",
            r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
        var withBlob = rows.Where(r => r.Get("blob") is not null).ToList();
        var withRatio = rows.Select(r => (float?)r.Get("ratio")).Where(r => r is not null).ToList();
        var ratioSum = withRatio.Where(r => !float.IsNaN(r!.Value)).Sum(r => (double)r!.Value);
        Assert.Equal(
            $"2500|{withBlob.Count}|{string.Concat(withBlob.Select(r => Convert.ToHexString((byte[])r.Get("blob")!)))}|{withRatio.Count}|" +
            $"{ratioSum.ToString(CultureInfo.InvariantCulture)}|{rows.Count(r => r.Get("clock") is not null)}|00:41:38|{rows.Count(r => r.Get("label") is not null)}|\u00e9row-02223|2",
            read.Single());

        Assert.Equal(2_500, data.RecordCount);
        Assert.Equal(rows.Count(r => r.Get("blob") is null), data.NullValueCounts[2]);
        Assert.Equal(1, data.NanValueCounts[3]);
        Assert.Equal(new byte[] { 0, 1 }, data.LowerBounds[2]); // i = 251 (bytes compare unsigned; i = 0 is null)
        Assert.Equal(new byte[] { 250, 8 }, data.UpperBounds[2]); // i = 2258
        Assert.Equal(BitConverter.GetBytes(-249.75f), data.LowerBounds[3]); // i = 1 (i = 0 is null)
        Assert.Equal(BitConverter.GetBytes(374.75f), data.UpperBounds[3]); // i = 2499
        Assert.Equal(BitConverter.GetBytes(1_000_000L), data.LowerBounds[4]); // i = 1: one second in microseconds
        Assert.Equal(BitConverter.GetBytes(2_498_000_000L), data.UpperBounds[4]); // i = 2498 (2499 % 3 == 0 is null)
        Assert.Equal("row-00001"u8.ToArray(), data.LowerBounds[5]);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("\u00e9row-02223"), data.UpperBounds[5]); // é (0xC3 0xA9) sorts after 'r'
    }

    private static Struct Customer(long id, string? street, int zip, string?[] tags, decimal amount) =>
        new Struct(Nested)
            .Put("id", id)
            .Put("address", new Struct(Address).Put("street", street).Put("zip", zip))
            .Put("tags", tags.ToList())
            .Put("amount", amount);

}
