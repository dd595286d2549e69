using System.Buffers.Binary;
using Avro.File;
using Avro.Generic;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Manifests;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Data;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Partitioned tables (<c>iceberg.tables.default-partition-by</c>): files per partition, tuples in manifests, read back by icebird and DuckDB.</summary>
public sealed partial class IcebergSinkTaskTests
{
    private static readonly ConnectSchema Event = SchemaBuilder.Struct().Name("events")
        .Field("id", ConnectSchema.Int64)
        .Field("name", ConnectSchema.OptionalString)
        .Field("at", ConnectTimestamp.Builder().Optional().Build())
        .Build();

    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_table_partitioned_by_bucket_and_day_gets_one_file_per_partition_with_its_tuple_and_reads_back_whole()
    {
        var warehouse = TestTables.NewTableDirectory("sink-partitioned");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.default-partition-by", "bucket(id, 4), day(at)"));
        // 24 events over three days (one without a timestamp: a null partition value).
        var records = Enumerable.Range(0, 24).Select(i => Record(i, new Struct(Event).Put("id", (long)i).Put("name", $"e{i}").Put("at", i == 23 ? null : Day0.AddHours(i * 3)))).ToList();
        await task.PutAsync(records, Ct);
        await task.StopAsync(Ct);

        var table = TableDirectory(warehouse);
        var metadata = FileSystemTable.Load(table).Metadata;
        Assert.Equal(
            """[{"spec-id":0,"fields":[{"name":"id_bucket","transform":"bucket[4]","source-id":1,"field-id":1000},{"name":"at_day","transform":"day","source-id":3,"field-id":1001}]}]""",
            metadata.Json["partition-specs"]!.ToJsonString());
        Assert.Equal(1001, metadata.Json["last-partition-id"]!.GetValue<int>());

        // Every row comes back through icebird.
        var rows = (await Icebird.ReadAsync(new Uri(table).AbsoluteUri)).EnumerateArray().Select(r => Text(r, "id") + "|" + Text(r, "name")).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => $"{i}|e{i}").Order(StringComparer.Ordinal), rows);

        // The manifest names each file with its partition tuple; DuckDB reads each file and finds only rows of that tuple.
        var manifestEntry = ManifestListReader.Read(new Uri(metadata.CurrentManifestList!).LocalPath).Single();
        var tuples = new List<(int? Bucket, int? Day)>();
        using (var reader = DataFileReader<GenericRecord>.OpenReader(new Uri(manifestEntry.Path).LocalPath))
        {
            Assert.Equal(metadata.Json["partition-specs"]![0]!["fields"]!.ToJsonString(), reader.GetMetaString("partition-spec"));
            while (reader.HasNext())
            {
                var file = (GenericRecord)reader.Next()["data_file"];
                var partition = (GenericRecord)file["partition"];
                // Apache.Avro reads the day (an int with logicalType date) as a DateTime.
                var tuple = ((int?)partition["id_bucket"], partition["at_day"] is DateTime day ? (int?)(day - DateTime.UnixEpoch).Days : null);
                tuples.Add(tuple);
                var path = new Uri((string)file["file_path"]).LocalPath;
                var inFile = DuckDb.Query($"SELECT id, floor(epoch_us(\"at\") / 86400000000)::INT FROM read_parquet('{path}')", r => (Id: r.GetInt64(0), Day: r.IsDBNull(1) ? (int?)null : r.GetInt32(1)));
                Assert.Equal((long)inFile.Count, (long)file["record_count"]);
                Assert.All(inFile, row =>
                {
                    Assert.Equal(tuple.Item2, row.Day);
                    Assert.Equal(tuple.Item1, (Murmur3.Hash(row.Id) & int.MaxValue) % 4);
                });
            }
        }

        Assert.Equal(tuples.Count, tuples.Distinct().Count());
        Assert.Equal(24, DuckDb.Query($"SELECT count(*) FROM read_parquet('{table}/data/*/*/*.parquet')", r => r.GetInt64(0)).Single());
        Assert.Equal(manifestEntry.AddedFilesCount, tuples.Count);

        // The manifest list summarizes each partition field: nulls and the lower/upper bound over the files.
        var days = tuples.Where(t => t.Day is not null).Select(t => t.Day!.Value).ToList();
        var daySummary = manifestEntry.Partitions[1];
        Assert.True(daySummary.ContainsNull);
        Assert.Equal(days.Min(), BinaryPrimitives.ReadInt32LittleEndian(daySummary.LowerBound));
        Assert.Equal(days.Max(), BinaryPrimitives.ReadInt32LittleEndian(daySummary.UpperBound));
        Assert.Equal([20513, 20514, 20515], days.Distinct().Order());
        Assert.False(manifestEntry.Partitions[0].ContainsNull);
    }

    [Fact]
    public async Task Upserts_and_deletes_into_a_table_bucketed_by_its_id_leave_exactly_the_final_rows()
    {
        var warehouse = TestTables.NewTableDirectory("sink-partitioned-cdc");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.tables.default-partition-by", "bucket(id, 3)"));
        await task.PutAsync([.. Enumerable.Range(0, 8).Select(i => Create(i, i + 1, $"n{i + 1}", i + 1))], Ct);
        await task.PreCommitAsync(Current(8), Ct);
        await task.PutAsync([Change(8, "u", (2, "n2", 2), (2, "n2b", 20)), Change(9, "d", (5, "n5", 5), null), Change(10, "u", (7, "n7", 7), (7, "n7b", 70))], Ct);
        await task.StopAsync(Ct);

        Assert.Equal(["1|n1|1", "2|n2b|20", "3|n3|3", "4|n4|4", "6|n6|6", "7|n7b|70", "8|n8|8"], await RowsAsync(TableDirectory(warehouse)));
        var metadata = FileSystemTable.Load(TableDirectory(warehouse)).Metadata;
        var deletes = ManifestListReader.Read(new Uri(metadata.CurrentManifestList!).LocalPath).First(m => m.Content == 1); // the newest first
        Assert.True(deletes.AddedFilesCount > 1, "the equality deletes are split by bucket");
    }

    [Fact]
    public async Task Upserts_into_a_table_partitioned_by_a_non_id_column_fail_naming_the_fix()
    {
        var warehouse = TestTables.NewTableDirectory("sink-partitioned-bad-cdc");
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, ("iceberg.table.db.orders.partition-by", "qty"));

        var error = await Assert.ThrowsAsync<DeltaConnect.Sdk.Errors.DataException>(async () => await task.PutAsync([Create(0, 1, "a", 1)], Ct));

        Assert.Contains("partition only by id columns", error.Message, StringComparison.Ordinal);
        Assert.Contains("'qty'", error.Message, StringComparison.Ordinal);
    }
}
