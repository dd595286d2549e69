using System.Text.Json;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>Tables written by the filesystem catalog, read back by icebird (independent JavaScript Iceberg reader).</summary>
public sealed class IcebirdTests
{
    [Fact]
    public async Task Two_appended_commits_are_read_back_by_icebird_with_their_rows_in_order()
    {
        var directory = TestTables.NewTableDirectory("icebird");
        var table = FileSystemTable.Create(directory, ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        var t0 = new DateTimeOffset(2026, 11, 23, 10, 15, 30, 123, TimeSpan.Zero);
        table.Append([
            TestTables.FlatRow(1, "alpha", 10, 12.34m, 0.5, true, new DateOnly(2026, 1, 2), t0),
            TestTables.FlatRow(2, null, null, null, null, null, null, null),
        ]);
        table.Append([
            TestTables.FlatRow(3, "gamma ü", -7, -0.01m, -2.25, false, new DateOnly(1969, 12, 31), t0.AddDays(-1)),
        ]);

        var rows = (await ReadAsync(new Uri(directory).AbsoluteUri)).EnumerateArray().ToList();

        // The manifest list names the newest manifest first (as Iceberg's own writers do) and icebird reads manifests in
        // that order; within a data file rows keep the order they were appended in.
        var ids = rows.Select(r => r.GetProperty("id").GetProperty("bigint").GetString()).ToList();
        Assert.Equal(["3", "1", "2"], ids);
        var byId = rows.ToDictionary(r => long.Parse(r.GetProperty("id").GetProperty("bigint").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var first = byId[1];
        Assert.Equal("alpha", first.GetProperty("name").GetString());
        Assert.Equal(10, first.GetProperty("qty").GetInt32());
        Assert.Equal(20, first.GetProperty("small").GetInt32());
        Assert.Equal(12.34, first.GetProperty("price").GetDouble());
        Assert.Equal(0.5, first.GetProperty("ratio").GetDouble());
        Assert.True(first.GetProperty("active").GetBoolean());
        Assert.Equal("2026-01-02T00:00:00.000Z", first.GetProperty("day").GetProperty("date").GetString());
        Assert.Equal("2026-11-23T10:15:30.123Z", first.GetProperty("at").GetProperty("date").GetString());
        var second = byId[2];
        foreach (var column in new[] { "name", "qty", "small", "price", "ratio", "active", "day", "at" })
        {
            Assert.Equal(JsonValueKind.Null, second.GetProperty(column).ValueKind);
        }

        var third = byId[3];
        Assert.Equal("gamma ü", third.GetProperty("name").GetString());
        Assert.Equal(-7, third.GetProperty("qty").GetInt32());
        Assert.Equal(-0.01, third.GetProperty("price").GetDouble());
        Assert.Equal(-2.25, third.GetProperty("ratio").GetDouble());
        Assert.False(third.GetProperty("active").GetBoolean());
        Assert.Equal("1969-12-31T00:00:00.000Z", third.GetProperty("day").GetProperty("date").GetString());

        // Time travel to the first commit sees only its rows, in file order.
        var v2 = (await ReadAsync(new Uri(directory).AbsoluteUri, "v2.metadata.json")).EnumerateArray()
            .Select(r => r.GetProperty("id").GetProperty("bigint").GetString()).ToList();
        Assert.Equal(["1", "2"], v2);
    }

    private static Task<JsonElement> ReadAsync(string tableUrl, string? metadataFile = null) => Icebird.ReadAsync(tableUrl, metadataFile);
}
