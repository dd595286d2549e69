using System.Text.Json;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Schema evolution (<c>iceberg.tables.evolve-schema-enabled</c>): rows of newer record schemas, read back by icebird.</summary>
public sealed partial class IcebergSinkTaskTests
{
    private static readonly ConnectSchema Widened = SchemaBuilder.Struct().Name("pg.public.orders.Value")
        .Field("id", ConnectSchema.Int64)
        .Field("name", ConnectSchema.OptionalString)
        .Field("qty", ConnectSchema.OptionalInt64)
        .Field("city", ConnectSchema.OptionalString)
        .Field("ratio", ConnectSchema.OptionalFloat32)
        .Build();

    private static readonly ConnectSchema WidenedTwice = SchemaBuilder.Struct().Name("pg.public.orders.Value")
        .Field("name", ConnectSchema.OptionalString)
        .Field("id", ConnectSchema.Int64)
        .Field("qty", ConnectSchema.OptionalInt64)
        .Field("city", ConnectSchema.OptionalString)
        .Field("ratio", ConnectSchema.OptionalFloat64)
        .Build();

    [Fact]
    public async Task Evolution_adds_columns_widens_types_and_keeps_field_ids_and_old_files_read_the_new_columns_as_null()
    {
        var warehouse = TestTables.NewTableDirectory("sink-evolve");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.evolve-schema-enabled", "true"));
        await task.PutAsync([Plain(0, 1, "a")], Ct);
        await task.PreCommitAsync(Current(1), Ct);
        await task.PutAsync([
            Record(1, new Struct(Widened).Put("id", 2L).Put("name", "b").Put("qty", 5_000_000_000L).Put("city", "Oslo").Put("ratio", 0.5f)),
            Plain(2, 3, "c"), // an older schema after a newer one: fits the evolved table as it is
        ], Ct);
        await task.PreCommitAsync(Current(3), Ct);
        await task.PutAsync([Record(3, new Struct(WidenedTwice).Put("id", 4L).Put("name", "d").Put("qty", 7L).Put("city", "Rome").Put("ratio", 0.25))], Ct);
        await task.StopAsync(Ct);

        var table = TableDirectory(warehouse);
        var metadata = FileSystemTable.Load(table).Metadata;
        Assert.Equal(2, metadata.Json["current-schema-id"]!.GetValue<int>());
        Assert.Equal([0, 1, 2], metadata.Json["schemas"]!.AsArray().Select(s => s!["schema-id"]!.GetValue<int>()));
        Assert.Equal(5, metadata.LastColumnId);
        Assert.Equal(
            ["1:id:long:True", "2:name:string:False", "3:qty:long:False", "4:city:string:False", "5:ratio:double:False"],
            metadata.CurrentSchema.Fields.Select(f => $"{f.Id}:{f.Name}:{f.Type.ToJson()}:{f.Required}"));
        Assert.Equal("int", metadata.Json["schemas"]![0]!["fields"]![2]!["type"]!.GetValue<string>());
        Assert.Equal("float", metadata.Json["schemas"]![1]!["fields"]![4]!["type"]!.GetValue<string>());
        // Each snapshot names the schema it was written with.
        Assert.Equal([0, 1, 2], metadata.Json["snapshots"]!.AsArray().Select(s => s!["schema-id"]!.GetValue<int>()));

        var rows = (await Icebird.ReadAsync(new Uri(table).AbsoluteUri)).EnumerateArray()
            .Select(r => string.Join('|', new[] { "id", "name", "qty", "city", "ratio" }.Select(c => Text(r, c))))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["1|a|null|null|null", "2|b|5000000000|Oslo|0.5", "3|c|null|null|null", "4|d|7|Rome|0.25"], rows);
    }

    [Fact]
    public async Task Evolution_rejects_an_incompatible_type_change_naming_the_column()
    {
        var warehouse = TestTables.NewTableDirectory("sink-evolve-incompatible");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.evolve-schema-enabled", "true"));
        await task.PutAsync([Plain(0, 1, "a")], Ct);
        var nameAsInt = SchemaBuilder.Struct().Field("id", ConnectSchema.Int64).Field("name", ConnectSchema.OptionalInt32).Build();

        var error = await Assert.ThrowsAsync<DeltaConnect.Sdk.Errors.DataException>(
            async () => await task.PutAsync([Record(1, new Struct(nameAsInt).Put("id", 2L).Put("name", 7))], Ct));

        Assert.Contains("Column 'name' of table db.orders is string, but the record has it as int", error.Message, StringComparison.Ordinal);
        Assert.Single(FileSystemTable.Load(TableDirectory(warehouse)).Metadata.Json["schemas"]!.AsArray());
    }

    [Fact]
    public async Task Without_evolution_fields_the_table_lacks_are_dropped_and_the_schema_stays()
    {
        var warehouse = TestTables.NewTableDirectory("sink-no-evolve");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0);
        await task.PutAsync([
            Plain(0, 1, "a"),
            Record(1, new Struct(Widened).Put("id", 2L).Put("name", "b").Put("qty", null).Put("city", "Oslo").Put("ratio", 0.5f)),
        ], Ct);
        await task.StopAsync(Ct);

        var metadata = FileSystemTable.Load(TableDirectory(warehouse)).Metadata;
        Assert.Equal(["id", "name", "qty"], metadata.CurrentSchema.Fields.Select(f => f.Name));
        Assert.Equal(["1|a|null", "2|b|null"], await RowsAsync(TableDirectory(warehouse)));
    }

    private static SinkRecord Record(long offset, Struct value) =>
        new(Orders.Topic, Orders.Partition, null, null, value.Schema, value, offset);

    /// <summary>A column as text: null, a number (longs come as <c>{"bigint": "…"}</c>) or a string.</summary>
    private static string Text(JsonElement row, string column) => row.TryGetProperty(column, out var value) ? value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Object => value.GetProperty("bigint").GetString()!,
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    } : "null";
}
