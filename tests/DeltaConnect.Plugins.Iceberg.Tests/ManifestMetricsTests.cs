using System.Buffers.Binary;
using System.Collections;
using System.Text;
using Avro;
using Avro.File;
using Avro.Generic;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>
/// Manifests read with Apache.Avro (an Avro implementation independent of the writer's own encoder): field ids in the
/// Avro schema, the spec's file metadata, and bounds in the single-value binary serialization.
/// </summary>
public sealed class ManifestMetricsTests
{
    [Fact]
    public void Manifest_carries_field_ids_spec_metadata_and_single_value_bounds()
    {
        var directory = TestTables.NewTableDirectory("bounds");
        var schema = ConnectSchemaConverter.ToIceberg(TestTables.Flat);
        var table = FileSystemTable.Create(directory, schema);
        var early = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        table.Append([
            TestTables.FlatRow(5, "b", 3, 1.25m, 0.0, true, new DateOnly(2020, 1, 2), early.AddSeconds(1)),
            TestTables.FlatRow(-2, "aü", -4, -10.5m, -0.0, false, new DateOnly(2020, 1, 1), early),
            TestTables.FlatRow(9, null, null, null, double.NaN, null, null, null),
        ]);
        var manifestList = new Uri(table.Metadata.CurrentManifestList!).LocalPath;
        string manifestPath;
        using (var list = DataFileReader<GenericRecord>.OpenReader(manifestList))
        {
            Assert.Equal("2", list.GetMetaString("format-version"));
            manifestPath = new Uri((string)list.Next()["manifest_path"]).LocalPath;
        }

        using var reader = DataFileReader<GenericRecord>.OpenReader(manifestPath);
        Assert.Equal("2", reader.GetMetaString("format-version"));
        Assert.Equal("data", reader.GetMetaString("content"));
        Assert.Equal("0", reader.GetMetaString("partition-spec-id"));
        Assert.Equal("[]", reader.GetMetaString("partition-spec"));
        Assert.Equal(schema.ToJsonString(), reader.GetMetaString("schema"));

        var entrySchema = (RecordSchema)reader.GetSchema();
        Assert.Equal(["0", "1", "3", "4", "2"], entrySchema.Fields.Select(f => f.GetProperty("field-id")));
        var dataFileSchema = (RecordSchema)entrySchema.Fields.Single(f => f.Name == "data_file").Schema;
        Assert.Equal(
            ["134", "100", "101", "102", "103", "104", "108", "109", "110", "137", "125", "128", "131", "132", "135", "140"],
            dataFileSchema.Fields.Select(f => f.GetProperty("field-id")));

        var dataFile = (GenericRecord)reader.Next()["data_file"];
        var lower = Bounds(dataFile["lower_bounds"]);
        var upper = Bounds(dataFile["upper_bounds"]);
        Assert.Equal(Long(-2), lower[1]);
        Assert.Equal(Long(9), upper[1]);
        Assert.Equal(Encoding.UTF8.GetBytes("aü"), lower[2]);
        Assert.Equal("b"u8.ToArray(), upper[2]);
        Assert.Equal(Int(-4), lower[3]);
        Assert.Equal(new byte[] { 0xFB, 0xE6 }, lower[5]); // -10.50 as unscaled -1050, minimal big-endian two's complement
        Assert.Equal(new byte[] { 0x7D }, upper[5]); // 1.25 as unscaled 125
        Assert.Equal(BitConverter.GetBytes(-0.0), lower[6]); // -0.0 sorts before +0.0; NaN is never a bound
        Assert.Equal(BitConverter.GetBytes(0.0), upper[6]);
        Assert.Equal(new byte[] { 0 }, lower[7]);
        Assert.Equal(new byte[] { 1 }, upper[7]);
        Assert.Equal(Int(18262), lower[8]); // 2020-01-01 in days since the epoch
        Assert.Equal(Long(early.ToUnixTimeMilliseconds() * 1000), lower[9]); // microseconds
        Assert.Equal(Long((early.ToUnixTimeMilliseconds() + 1000) * 1000), upper[9]);
        Assert.Equal(3L, dataFile["record_count"]);
    }

    [Fact]
    public void A_null_in_a_required_field_fails_the_append_naming_the_field_and_commits_nothing()
    {
        var directory = TestTables.NewTableDirectory("required");
        var table = FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        var row = new DeltaConnect.Sdk.Data.Struct(TestTables.Flat);

        var error = Assert.Throws<DataException>(() => table.Append([row]));

        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, FileSystemTable.Load(directory).Version);
        Assert.Empty(Directory.GetFiles(Path.Combine(directory, "data")));
    }

    private static Dictionary<int, byte[]> Bounds(object map) =>
        ((IEnumerable)map).Cast<GenericRecord>().ToDictionary(e => (int)e["key"], e => (byte[])e["value"]);

    private static byte[] Long(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Int(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }
}
