using DeltaConnect.Sdk.Data;
using DeltaConnect.Testing.Servers;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Connect schemas and rows the tests write, and fresh table directories.</summary>
internal static class TestTables
{
    public static ConnectSchema Flat { get; } = SchemaBuilder.Struct().Name("orders")
        .Field("id", ConnectSchema.Int64)
        .Field("name", ConnectSchema.OptionalString)
        .Field("qty", ConnectSchema.OptionalInt32)
        .Field("small", SchemaBuilder.Int16().Optional().Build())
        .Field("price", ConnectDecimal.Builder(2).Optional().Build())
        .Field("ratio", ConnectSchema.OptionalFloat64)
        .Field("active", ConnectSchema.OptionalBoolean)
        .Field("day", ConnectDate.Builder().Optional().Build())
        .Field("at", ConnectTimestamp.Builder().Optional().Build())
        .Build();

    public static Struct FlatRow(long id, string? name, int? qty, decimal? price, double? ratio, bool? active, DateOnly? day, DateTimeOffset? at) =>
        new Struct(Flat)
            .Put("id", id).Put("name", name).Put("qty", qty).Put("small", (short?)(qty is null ? null : (short)(qty * 2)))
            .Put("price", price).Put("ratio", ratio).Put("active", active).Put("day", day).Put("at", at);

    /// <summary>A fresh table directory inside this test process's run directory (swept by the next run once this one is gone).</summary>
    public static string NewTableDirectory(string name) => TestRunDirectory.CreateServerDirectory($"iceberg-{name}");
}
