using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Plugins.Iceberg.Schema;
using DeltaConnect.Plugins.Iceberg.Sink;
using DeltaConnect.Plugins.Iceberg.Tests.Fakes;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Iceberg.Tests.IcebergSinkTaskTests;
using ConnectSchema = DeltaConnect.Sdk.Data.Schema;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>
/// The REST catalog client against <see cref="FakeRestCatalog"/> (no real REST catalog runs here): the sink's tables are
/// created and committed through it and read back from disk by icebird; conflicts are retried on fresh metadata; a
/// commit whose answer is lost is neither repeated nor dropped; tokens are sent and never shown.
/// </summary>
public sealed class RestCatalogTests
{
    private const string Token = "secret-token-3f9a";

    [Fact]
    public async Task Sink_appends_and_upserts_through_the_REST_catalog_and_icebird_reads_the_rows()
    {
        var warehouse = TestTables.NewTableDirectory("rest-sink");
        await using var catalog = FakeRestCatalog.Start(warehouse, requiredToken: Token);
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, RestOptions(catalog, ("iceberg.catalog.token", Token)));

        await task.PutAsync([Create(0, 1, "a", 1), Create(1, 2, "b", 2), Create(2, 3, "c", 3)], Ct);
        Assert.Equal(3, (await task.PreCommitAsync(Current(3), Ct))[Orders]);
        await task.PutAsync([Change(3, "u", (1, "a", 1), (1, "a2", 10)), Change(4, "d", (2, "b", 2), null), Create(5, 4, "d", 4)], Ct);
        Assert.Equal(6, (await task.PreCommitAsync(Current(6), Ct))[Orders]);
        await task.StopAsync(Ct);

        Assert.Equal(["1|a2|10", "3|c|3", "4|d|4"], await RowsAsync(new Uri(catalog.Location("db", "orders")).LocalPath));
        var metadata = catalog.Metadata("db", "orders");
        Assert.Equal(2, metadata["snapshots"]!.AsArray().Count);
        Assert.Equal(2, catalog.AppliedCommits);
        Assert.StartsWith("{\"pg.public.orders-0\":6}", metadata["snapshots"]![1]!["summary"]!["kafka.connect.offsets.orders-sink"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(catalog.Requests.Where(r => r.Contains("/namespaces", StringComparison.Ordinal)), r => Assert.Contains($"/v1/{catalog.Prefix}/namespaces", r, StringComparison.Ordinal));
        Assert.Contains("POST /v1/fake-prefix/namespaces/db/tables", catalog.Requests);
        Assert.All(catalog.AuthorizationHeaders, h => Assert.Equal($"Bearer {Token}", h));

        // A restarted task resumes from the offsets in the catalog's table and skips what the table already holds.
        var (restarted, context) = await StartTaskAsync(warehouse, commitIntervalMs: 0, RestOptions(catalog, ("iceberg.catalog.token", Token)));
        Assert.Equal([(Orders, 6L)], context.Rewinds);
        await restarted.PutAsync([Create(5, 4, "d", 4), Create(6, 5, "e", 5)], Ct);
        await restarted.StopAsync(Ct);
        Assert.Equal(["1|a2|10", "3|c|3", "4|d|4", "5|e|5"], await RowsAsync(new Uri(catalog.Location("db", "orders")).LocalPath));
    }

    [Fact]
    public async Task A_partitioned_table_evolves_its_schema_and_gets_position_deletes_through_the_REST_catalog()
    {
        var warehouse = TestTables.NewTableDirectory("rest-partitioned");
        await using var catalog = FakeRestCatalog.Start(warehouse);
        var (task, _) = await StartTaskAsync(warehouse, commitIntervalMs: 0, RestOptions(
            catalog, ("iceberg.tables.default-partition-by", "bucket(id, 2)"), ("iceberg.tables.evolve-schema-enabled", "true")));

        // Key 1 changes twice in the commit: its first row is removed by a position delete.
        await task.PutAsync([Create(0, 1, "a", 1), Create(1, 2, "b", 2), Create(2, 3, "c", 3), Change(3, "u", (1, "a", 1), (1, "a2", 10))], Ct);
        await task.PreCommitAsync(Current(4), Ct);
        // A record with a new column: the schema change is a commit of its own through the catalog.
        var wider = SchemaBuilder.Struct().Name("pg.public.orders.Value")
            .Field("id", ConnectSchema.Int64).Field("name", ConnectSchema.OptionalString).Field("qty", ConnectSchema.OptionalInt32).Field("city", ConnectSchema.OptionalString)
            .Build();
        await task.PutAsync([new SinkRecord(Orders.Topic, Orders.Partition, null, null, wider, new Struct(wider).Put("id", 4L).Put("name", "d").Put("city", "Oslo"), 4)], Ct);
        await task.StopAsync(Ct);

        var location = new Uri(catalog.Location("db", "orders")).LocalPath;
        Assert.Equal(["1|a2|10", "2|b|2", "3|c|3", "4|d|null"], await RowsAsync(location));
        var metadata = catalog.Metadata("db", "orders");
        Assert.Equal("id_bucket:bucket[2]:1000", string.Join(',', metadata["partition-specs"]![0]!["fields"]!.AsArray()
            .Select(f => $"{f!["name"]}:{f["transform"]}:{f["field-id"]}")));
        Assert.Equal(1, metadata["current-schema-id"]!.GetValue<int>());
        Assert.Equal("city", metadata["schemas"]![1]!["fields"]![3]!["name"]!.GetValue<string>());
        Assert.Equal(3, catalog.AppliedCommits); // snapshot, schema change, snapshot
        var snapshots = metadata["snapshots"]!.AsArray();
        Assert.Equal("1", snapshots[0]!["summary"]!["added-position-deletes"]!.GetValue<string>());
        Assert.Equal(1, snapshots[1]!["schema-id"]!.GetValue<int>());
        Assert.All(Directory.GetDirectories(Path.Combine(location, "data")), d => Assert.StartsWith("id_bucket=", Path.GetFileName(d), StringComparison.Ordinal));
        var cities = (await Icebird.ReadAsync(catalog.Location("db", "orders"))).EnumerateArray()
            .Select(r => $"{r.GetProperty("name").GetString()}:{(r.GetProperty("city").ValueKind == JsonValueKind.Null ? "null" : r.GetProperty("city").GetString())}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["a2:null", "b:null", "c:null", "d:Oslo"], cities);
    }

    [Fact]
    public async Task A_commit_that_meets_a_conflict_is_rebuilt_on_the_other_writers_snapshot_and_keeps_both()
    {
        var warehouse = TestTables.NewTableDirectory("rest-conflict");
        await using var catalog = FakeRestCatalog.Start(warehouse);
        using var client = Connect(catalog);
        var identifier = TableIdentifier.Parse("db.orders");
        client.CreateTable(identifier, ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        var first = client.LoadTable(identifier)!;
        var second = client.LoadTable(identifier)!;

        first.Append([TestTables.FlatRow(1, "first", 1, null, null, null, null, null)]);
        // second is based on the table before first's snapshot: its requirement assert-ref-snapshot-id fails with 409.
        Assert.Throws<CommitConflictException>(() => second.Append([TestTables.FlatRow(2, "lost", 2, null, null, null, null, null)], maxRetries: 0));
        second.Append([TestTables.FlatRow(3, "second", 3, null, null, null, null, null)], maxRetries: 1);
        // An injected 409 is retried the same way.
        catalog.FailNextCommit(CommitFault.Conflict);
        first.Append([TestTables.FlatRow(4, "after-injected-conflict", 4, null, null, null, null, null)]);

        var metadata = catalog.Metadata("db", "orders");
        Assert.Equal(3, metadata["snapshots"]!.AsArray().Count);
        Assert.Equal(3, metadata["last-sequence-number"]!.GetValue<long>());
        Assert.Equal("3", metadata["snapshots"]![2]!["summary"]!["total-records"]!.GetValue<string>());
        Assert.Equal(["after-injected-conflict", "first", "second"], await NamesAsync(catalog));
    }

    [Theory]
    [InlineData(CommitFault.AppliedThenUnavailable, 1)]
    [InlineData(CommitFault.NotAppliedServerError, 2)]
    public async Task A_commit_whose_outcome_is_unknown_is_checked_in_the_reloaded_table_and_lands_exactly_once(CommitFault fault, int commitRequests)
    {
        var warehouse = TestTables.NewTableDirectory("rest-unknown");
        await using var catalog = FakeRestCatalog.Start(warehouse);
        using var client = Connect(catalog);
        var table = client.CreateTable(TableIdentifier.Parse("db.orders"), ConnectSchemaConverter.ToIceberg(TestTables.Flat));
        table.Append([TestTables.FlatRow(1, "before", 1, null, null, null, null, null)]);

        catalog.FailNextCommit(fault);
        var snapshotId = table.Append([TestTables.FlatRow(2, "uncertain", 2, null, null, null, null, null)]);
        table.Append([TestTables.FlatRow(3, "after", 3, null, null, null, null, null)]);

        var snapshots = catalog.Metadata("db", "orders")["snapshots"]!.AsArray();
        Assert.Equal(3, snapshots.Count);
        Assert.Single(snapshots, s => s!["snapshot-id"]!.GetValue<long>() == snapshotId);
        Assert.Equal(3, catalog.AppliedCommits);
        Assert.Equal(2 + commitRequests, catalog.Requests.Count(r => r == "POST /v1/fake-prefix/namespaces/db/tables/orders"));
        Assert.Equal(["after", "before", "uncertain"], await NamesAsync(catalog));
    }

    [Fact]
    public async Task Client_credentials_are_exchanged_for_a_token_that_every_request_carries()
    {
        var warehouse = TestTables.NewTableDirectory("rest-oauth");
        await using var catalog = FakeRestCatalog.Start(warehouse, client: ("sink", "client-secret-77"));
        using var client = RestCatalog.Connect(new RestCatalogOptions(catalog.Uri, "analytics", null, null, "sink:client-secret-77", null));
        client.CreateTable(TableIdentifier.Parse("db.orders"), ConnectSchemaConverter.ToIceberg(TestTables.Flat))
            .Append([TestTables.FlatRow(1, "a", 1, null, null, null, null, null)]);

        Assert.Equal("POST /v1/oauth/tokens", catalog.Requests.First());
        Assert.All(catalog.AuthorizationHeaders.Skip(1), h => Assert.StartsWith("Bearer issued-", h, StringComparison.Ordinal));
        Assert.Equal(["a"], await NamesAsync(catalog));
    }

    [Fact]
    public async Task Secrets_never_appear_in_errors_config_values_or_options()
    {
        var warehouse = TestTables.NewTableDirectory("rest-secrets");
        await using var catalog = FakeRestCatalog.Start(warehouse, requiredToken: "the-right-token", client: ("sink", "right-secret"));

        var wrongToken = Assert.Throws<RestCatalogException>(() => RestCatalog.Connect(new RestCatalogOptions(catalog.Uri, null, null, Token, null, null)));
        Assert.Equal(401, wrongToken.StatusCode);
        Assert.Contains("iceberg.catalog.token", wrongToken.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, wrongToken.ToString(), StringComparison.Ordinal);
        var wrongSecret = Assert.Throws<RestCatalogException>(() => RestCatalog.Connect(new RestCatalogOptions(catalog.Uri, null, null, null, "sink:wrong-secret-55", null)));
        Assert.DoesNotContain("wrong-secret-55", wrongSecret.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, new RestCatalogOptions(catalog.Uri, null, null, Token, "sink:wrong-secret-55", null).ToString(), StringComparison.Ordinal);

        var validated = IcebergSinkConfig.Definition.Validate(new Dictionary<string, string?>
        {
            ["iceberg.tables"] = "db.orders",
            ["iceberg.catalog.type"] = "rest",
            ["iceberg.catalog.uri"] = catalog.Uri.AbsoluteUri,
            ["iceberg.catalog.token"] = Token,
            ["iceberg.catalog.credential"] = "sink:wrong-secret-55",
        });
        Assert.All(validated, v => Assert.DoesNotContain(Token, Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "", StringComparison.Ordinal));
        Assert.Equal(ConfigType.Password, IcebergSinkConfig.Definition.ConfigKeys[IcebergSinkConfig.CatalogToken].Type);
        Assert.Equal(ConfigType.Password, IcebergSinkConfig.Definition.ConfigKeys[IcebergSinkConfig.CatalogCredential].Type);
    }

    [Fact]
    public async Task A_rest_catalog_without_a_uri_is_rejected_naming_the_option()
    {
        var results = await new IcebergSinkConnector().ValidateAsync(new Dictionary<string, string?>
        {
            ["iceberg.tables"] = "db.orders",
            ["iceberg.catalog.type"] = "rest",
        }, Ct);

        var error = Assert.Single(results.SelectMany(r => r.ErrorMessages.Select(m => (r.Name, Message: m))));
        Assert.Equal("iceberg.catalog.uri", error.Name);
        Assert.Contains("required with iceberg.catalog.type=rest", error.Message, StringComparison.Ordinal);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (string, string)[] RestOptions(FakeRestCatalog catalog, params (string, string)[] extra) =>
        [("iceberg.catalog.type", "rest"), ("iceberg.catalog.uri", catalog.Uri.AbsoluteUri), .. extra];

    private static RestCatalog Connect(FakeRestCatalog catalog) => RestCatalog.Connect(new RestCatalogOptions(catalog.Uri, null, null, null, null, null));

    private static async Task<List<string>> NamesAsync(FakeRestCatalog catalog) =>
        [.. (await Icebird.ReadAsync(catalog.Location("db", "orders"))).EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
}
