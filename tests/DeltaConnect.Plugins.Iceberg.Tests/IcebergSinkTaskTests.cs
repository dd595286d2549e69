using System.Globalization;
using System.Text.Json;
using Avro.File;
using Avro.Generic;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Sink;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DuckDB.NET.Data;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>
/// The sink task driven directly with records (as the worker would), its tables read back by icebird, which applies
/// equality deletes, and its delete files checked with DuckDB and Apache.Avro.
/// </summary>
public sealed partial class IcebergSinkTaskTests
{
    internal static readonly TopicPartition Orders = new("pg.public.orders", 0);

    private static readonly ConnectSchema Row = SchemaBuilder.Struct().Name("pg.public.orders.Value")
        .Field("id", ConnectSchema.Int64)
        .Field("name", ConnectSchema.OptionalString)
        .Field("qty", ConnectSchema.OptionalInt32)
        .Build();

    private static readonly ConnectSchema OptionalRow = SchemaBuilder.Struct().Name("pg.public.orders.Value").Optional()
        .Field("id", ConnectSchema.Int64)
        .Field("name", ConnectSchema.OptionalString)
        .Field("qty", ConnectSchema.OptionalInt32)
        .Build();

    private static readonly ConnectSchema Key = SchemaBuilder.Struct().Name("pg.public.orders.Key").Field("id", ConnectSchema.Int64).Build();

    private static readonly ConnectSchema Envelope = SchemaBuilder.Struct().Name("pg.public.orders.Envelope")
        .Field("before", OptionalRow)
        .Field("after", OptionalRow)
        .Field("op", ConnectSchema.String)
        .Field("ts_ms", ConnectSchema.OptionalInt64)
        .Build();

    private static readonly ConnectSchema FlatChange = SchemaBuilder.Struct().Name("flat")
        .Field("id", ConnectSchema.Int64)
        .Field("name", ConnectSchema.OptionalString)
        .Field("op", ConnectSchema.String)
        .Build();

    [Fact]
    public async Task Debezium_inserts_updates_and_deletes_leave_exactly_the_final_rows_across_commits()
    {
        var warehouse = TestTables.NewTableDirectory("sink-cdc");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0);

        await task.PutAsync([Create(0, 1, "a", 1), Create(1, 2, "b", 2), Create(2, 3, "c", 3), Change(3, "r", null, (4, "d", 4))], Ct);
        Assert.Equal(4, (await task.PreCommitAsync(Current(4), Ct))[Orders]);

        await task.PutAsync([
            Change(4, "u", (1, "a", 1), (1, "a2", 10)),
            Change(5, "u", (1, "a2", 10), (1, "a3", 11)), // the same key twice in one commit: only the last version survives
            Change(6, "d", (2, "b", 2), null),
            Tombstone(7, 2),
            Create(8, 5, "e", 5),
            Change(9, "d", (5, "e", 5), null), // inserted and deleted in the same commit
            Change(10, "u", (3, "c", 3), (3, "c2", 30)),
        ], Ct);
        Assert.Equal(11, (await task.PreCommitAsync(Current(11), Ct))[Orders]);

        await task.PutAsync([Change(11, "u", (4, "d", 4), (4, "d2", 40)), Create(12, 2, "b-again", 20), Change(13, "t", null, null)], Ct);
        await task.CloseAsync([Orders], Ct);
        await task.StopAsync(Ct);

        var table = TableDirectory(warehouse);
        Assert.Equal(["1|a3|11", "2|b-again|20", "3|c2|30", "4|d2|40"], await RowsAsync(table));

        // Every commit recorded the next offset in its snapshot summary.
        var metadata = FileSystemTable.Load(table).Metadata;
        Assert.Equal("{\"pg.public.orders-0\":14}", metadata.FindSummaryProperty("kafka.connect.offsets.orders-sink"));
        Assert.NotNull(metadata.FindSummaryProperty(TableWriter.CommitIdProperty));

        // The equality delete files carry the id column with its field id, and the de-duplicated ids of each commit.
        var deleteFiles = Directory.GetFiles(Path.Combine(table, "data"), "*-deletes.parquet");
        Assert.Equal(3, deleteFiles.Length);
        foreach (var file in deleteFiles)
        {
            Assert.Equal(["id:1"], DuckDb.Query($"SELECT name, field_id FROM parquet_schema('{file}') WHERE field_id IS NOT NULL", r => $"{r.GetString(0)}:{r.GetInt32(1)}"));
        }

        var deletedIds = DuckDb.Query(
            $"SELECT list(id ORDER BY id)::VARCHAR FROM read_parquet([{string.Join(',', deleteFiles.Select(f => $"'{f}'"))}], filename = true) GROUP BY filename ORDER BY 1",
            r => r.GetString(0));
        Assert.Equal(["[1, 2, 3, 4]", "[1, 2, 3, 5]", "[2, 4]"], deletedIds);

        // The delete manifests are content=1 in the manifest list, their entries content=2 with equality_ids [1].
        var manifests = ManifestListReader.Read(new Uri(metadata.CurrentManifestList!).LocalPath);
        Assert.Equal(3, manifests.Count(m => m.Content == 1));
        foreach (var manifest in manifests.Where(m => m.Content == 1))
        {
            using var reader = DataFileReader<GenericRecord>.OpenReader(new Uri(manifest.Path).LocalPath);
            Assert.Equal("deletes", reader.GetMetaString("content"));
            var entry = (GenericRecord)reader.Next()["data_file"];
            Assert.Equal(2, (int)entry["content"]);
            Assert.Equal([1], ((object[])entry["equality_ids"]).Cast<int>());
        }
    }

    [Fact]
    public async Task A_restarted_task_rewinds_to_the_summary_offsets_and_redelivered_records_are_neither_lost_nor_duplicated()
    {
        var warehouse = TestTables.NewTableDirectory("sink-restart");
        var (first, firstContext) = await StartTaskAsync(warehouse, commitIntervalMs: 0);
        Assert.Empty(firstContext.Rewinds); // no table yet: nothing to rewind to
        await first.PutAsync([Create(0, 1, "a", 1), Create(1, 2, "b", 2), Create(2, 3, "c", 3)], Ct);
        Assert.Equal(3, (await first.PreCommitAsync(Current(3), Ct))[Orders]);
        // Changes after the commit are buffered, then the worker dies before the next commit (no close, no stop).
        await first.PutAsync([Change(3, "u", (1, "a", 1), (1, "a2", 10)), Create(4, 4, "d", 4)], Ct);

        var (second, secondContext) = await StartTaskAsync(warehouse, commitIntervalMs: 0);
        Assert.Equal([(Orders, 3L)], secondContext.Rewinds);

        // The consumer group never saw offset 3 committed (the crash came first), so it redelivers from an older position.
        await second.PutAsync([Create(1, 2, "b", 2), Create(2, 3, "c", 3), Change(3, "u", (1, "a", 1), (1, "a2", 10)), Create(4, 4, "d", 4)], Ct);
        Assert.Equal(5, (await second.PreCommitAsync(Current(5), Ct))[Orders]);
        await second.StopAsync(Ct);

        Assert.Equal(["1|a2|10", "2|b|2", "3|c|3", "4|d|4"], await RowsAsync(TableDirectory(warehouse)));
        var metadata = FileSystemTable.Load(TableDirectory(warehouse)).Metadata;
        Assert.Equal("{\"pg.public.orders-0\":5}", metadata.FindSummaryProperty("kafka.connect.offsets.orders-sink"));
        // Only the records the table did not hold yet were written again.
        Assert.Equal("2", metadata.Json["snapshots"]!.AsArray()[^1]!["summary"]!["added-records"]!.GetValue<string>());
    }

    [Fact]
    public async Task Appended_records_the_table_already_holds_are_skipped_when_redelivered_after_a_restart()
    {
        var warehouse = TestTables.NewTableDirectory("sink-append-restart");
        var (first, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0);
        await first.PutAsync([Plain(0, 1, "a"), Plain(1, 2, "b")], Ct);
        await first.PreCommitAsync(Current(2), Ct);
        await first.PutAsync([Plain(2, 3, "c")], Ct); // lost with the crash, redelivered below

        var (second, secondContext) = await StartTaskAsync(warehouse, commitIntervalMs: 0);
        Assert.Equal([(Orders, 2L)], secondContext.Rewinds);
        await second.PutAsync([Plain(0, 1, "a"), Plain(1, 2, "b"), Plain(2, 3, "c"), Plain(3, 4, "d")], Ct);
        await second.StopAsync(Ct);

        Assert.Equal(["1|a|null", "2|b|null", "3|c|null", "4|d|null"], await RowsAsync(TableDirectory(warehouse)));
    }

    [Fact]
    public async Task Records_handed_over_again_while_still_buffered_are_buffered_once()
    {
        // The worker delivers a batch fetched before a rewind, then the same records again from the rewound position.
        var warehouse = TestTables.NewTableDirectory("sink-redelivered-buffer");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0);
        await task.PutAsync([Plain(0, 1, "a"), Plain(1, 2, "b"), Plain(2, 3, "c")], Ct);
        await task.PutAsync([Plain(1, 2, "b"), Plain(2, 3, "c"), Plain(3, 4, "d")], Ct);
        await task.StopAsync(Ct);

        Assert.Equal(["1|a|null", "2|b|null", "3|c|null", "4|d|null"], await RowsAsync(TableDirectory(warehouse)));
    }

    [Fact]
    public async Task Plain_records_are_appended_and_nothing_is_durable_before_the_commit_interval_passes()
    {
        var warehouse = TestTables.NewTableDirectory("sink-append");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 300_000);
        await task.PutAsync([Plain(0, 1, "a"), Plain(1, 1, "a"), Plain(2, 2, "b")], Ct);

        // Far from the 5-minute interval: nothing is committed, so no offset is reported durable.
        Assert.Empty(await task.PreCommitAsync(Current(3), Ct));
        Assert.Empty(Directory.GetFiles(Path.Combine(TableDirectory(warehouse), "data")));

        await task.StopAsync(Ct);
        // Without id columns the same row twice is two rows.
        Assert.Equal(["1|a|null", "1|a|null", "2|b|null"], await RowsAsync(TableDirectory(warehouse)));
    }

    [Fact]
    public async Task Upserts_by_configured_id_columns_replace_rows_of_plain_records()
    {
        var warehouse = TestTables.NewTableDirectory("sink-ids");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.default-id-columns", "id"));
        await task.PutAsync([Plain(0, 1, "a"), Plain(1, 2, "b")], Ct);
        await task.PreCommitAsync(Current(2), Ct);
        await task.PutAsync([Plain(2, 1, "a2"), Plain(3, 1, "a3")], Ct);
        await task.StopAsync(Ct);

        Assert.Equal(["1|a3|null", "2|b|null"], await RowsAsync(TableDirectory(warehouse)));
    }

    [Fact]
    public async Task Flat_records_with_a_cdc_field_upsert_and_delete_by_the_configured_id_columns()
    {
        var warehouse = TestTables.NewTableDirectory("sink-cdc-field");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.cdc-field", "op"), ("iceberg.tables.default-id-columns", "id"));
        await task.PutAsync([Flat(0, 1, "a", "I"), Flat(1, 2, "b", "I"), Flat(2, 3, "c", "I")], Ct);
        await task.PreCommitAsync(Current(3), Ct);
        await task.PutAsync([Flat(3, 2, "b", "D"), Flat(4, 3, "c2", "U")], Ct);
        await task.StopAsync(Ct);

        var rows = (await Icebird.ReadAsync(new Uri(TableDirectory(warehouse)).AbsoluteUri)).EnumerateArray()
            .Select(r => $"{r.GetProperty("id").GetProperty("bigint").GetString()}|{r.GetProperty("name").GetString()}|{r.GetProperty("op").GetString()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["1|a|I", "3|c2|U"], rows);
    }

    [Fact]
    public async Task A_missing_table_with_auto_create_disabled_fails_the_put_naming_the_option()
    {
        var warehouse = TestTables.NewTableDirectory("sink-no-create");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.auto-create-enabled", "false"));

        var error = await Assert.ThrowsAsync<DeltaConnect.Sdk.Errors.ConnectException>(async () => await task.PutAsync([Create(0, 1, "a", 1)], Ct));

        Assert.Contains("iceberg.tables.auto-create-enabled=true", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(TableDirectory(warehouse)));
    }

    [Theory]
    [InlineData("iceberg.catalog.type", "glue", "iceberg.catalog.type=hadoop")]
    [InlineData("iceberg.catalog.warehouse", "", "iceberg.catalog.warehouse to the warehouse directory")]
    [InlineData("iceberg.tables", "orders", "namespace.table")]
    [InlineData("iceberg.control.commit.interval-ms", "-1", "at least 0")]
    public async Task Invalid_options_are_rejected_naming_the_option_and_the_fix(string option, string value, string fix)
    {
        var config = new Dictionary<string, string?>
        {
            ["iceberg.tables"] = "db.orders",
            ["iceberg.catalog.warehouse"] = "/tmp/warehouse",
            [option] = value,
        };

        var results = await new IcebergSinkConnector().ValidateAsync(config, Ct);

        var error = Assert.Single(results.SelectMany(r => r.ErrorMessages.Select(m => (r.Name, Message: m))));
        Assert.Equal(option, error.Name);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<(IcebergSinkTask Task, RecordingSinkTaskContext Context)> StartTaskAsync(string warehouse, int commitIntervalMs, params (string Key, string Value)[] extra)
    {
        var config = new Dictionary<string, string>
        {
            ["name"] = "orders-sink",
            ["iceberg.tables"] = "db.orders",
            ["iceberg.catalog.type"] = "hadoop",
            ["iceberg.catalog.warehouse"] = warehouse,
            ["iceberg.control.commit.interval-ms"] = commitIntervalMs.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra)
        {
            config[key] = value;
        }

        var context = new RecordingSinkTaskContext(config, [Orders]);
        var task = new IcebergSinkTask();
        task.Initialize(context);
        await task.StartAsync(config, Ct);
        await task.OpenAsync([Orders], Ct);
        return (task, context);
    }

    private static string TableDirectory(string warehouse) => Path.Combine(warehouse, "db", "orders");

    internal static Dictionary<TopicPartition, long> Current(long next) => new() { [Orders] = next };

    private static Struct RowOf(ConnectSchema schema, long id, string name, int qty) => new Struct(schema).Put("id", id).Put("name", name).Put("qty", qty);

    internal static SinkRecord Create(long offset, long id, string name, int qty) => Change(offset, "c", null, (id, name, qty));

    internal static SinkRecord Change(long offset, string op, (long Id, string Name, int Qty)? before, (long Id, string Name, int Qty)? after)
    {
        var value = new Struct(Envelope)
            .Put("before", before is { } b ? RowOf(OptionalRow, b.Id, b.Name, b.Qty) : null)
            .Put("after", after is { } a ? RowOf(OptionalRow, a.Id, a.Name, a.Qty) : null)
            .Put("op", op)
            .Put("ts_ms", 1_700_000_000_000L + offset);
        var id = after?.Id ?? before?.Id;
        return new SinkRecord(Orders.Topic, Orders.Partition, Key, id is { } k ? new Struct(Key).Put("id", k) : null, Envelope, value, offset);
    }

    private static SinkRecord Tombstone(long offset, long id) =>
        new(Orders.Topic, Orders.Partition, Key, new Struct(Key).Put("id", id), null, null, offset);

    internal static SinkRecord Plain(long offset, long id, string name) =>
        new(Orders.Topic, Orders.Partition, null, null, Row, new Struct(Row).Put("id", id).Put("name", name), offset);

    private static SinkRecord Flat(long offset, long id, string name, string op) =>
        new(Orders.Topic, Orders.Partition, null, null, FlatChange, new Struct(FlatChange).Put("id", id).Put("name", name).Put("op", op), offset);

    internal static async Task<List<string>> RowsAsync(string table)
    {
        var rows = (await Icebird.ReadAsync(new Uri(table).AbsoluteUri)).EnumerateArray().Select(r =>
        {
            var qty = r.GetProperty("qty");
            return $"{r.GetProperty("id").GetProperty("bigint").GetString()}|{r.GetProperty("name").GetString()}|{(qty.ValueKind == JsonValueKind.Null ? "null" : qty.GetInt32().ToString(CultureInfo.InvariantCulture))}";
        });
        return [.. rows.Order(StringComparer.Ordinal)];
    }

}
