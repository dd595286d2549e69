using System.Net;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Worker.Tests.Rest;

namespace DeltaConnect.Worker.Tests;

/// <summary>Ad-hoc snapshots requested through the REST API (POST /connectors/{name}/signals).</summary>
public sealed partial class PostgresSourceTests
{
    [Fact]
    public async Task A_signal_posted_to_the_rest_api_snapshots_the_requested_keys()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var (database, connectionString) = await CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE part (id int PRIMARY KEY, v int NOT NULL); INSERT INTO part SELECT i, i * 10 FROM generate_series(1, 100) i");
        var prefix = scenario.Topic("pg");
        await scenario.CreateConnectorAsync("pg", Connector(database, prefix));
        await scenario.WaitForTaskStateAsync("pg", WorkerState.Running);
        using var api = RestApi.For(scenario);

        var accepted = await api.SendAsync(HttpMethod.Post, "/connectors/pg/signals", """
            {"type": "execute-snapshot", "data": {"data-collections": ["public.part"], "additional-conditions": [{"data-collection": "public.part", "key-range": {"from": [20], "to": [24]}}]}}
            """);
        Assert.Contains("task 0 of connector pg", accepted.Expect(HttpStatusCode.Accepted).GetProperty("message").GetString(), StringComparison.Ordinal);

        var events = await WaitForEventsAsync(scenario, $"{prefix}.public.part", e => e.Count(x => x.Read is not null) >= 5);
        Assert.Equal([(20, 200), (21, 210), (22, 220), (23, 230), (24, 240)], events.Where(e => e.Read is not null).Select(e => (e.Id, e.V)));

        // Bad requests are refused with the reason, and the task keeps running.
        Assert.Contains("accepts: execute-snapshot", (await api.SendAsync(HttpMethod.Post, "/connectors/pg/signals", """{"type": "pause-snapshot"}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("needs data", (await api.SendAsync(HttpMethod.Post, "/connectors/pg/signals", """{"type": "execute-snapshot"}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("\"type\"", (await api.SendAsync(HttpMethod.Post, "/connectors/pg/signals", """{"data": {}}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("is invalid", (await api.SendAsync(HttpMethod.Post, "/connectors/pg/signals", """{"type": "execute-snapshot", "data": {"data-collections": 5}}""")).ExpectError(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await api.SendAsync(HttpMethod.Post, "/connectors/missing/signals", """{"type": "execute-snapshot", "data": {}}""").ContinueWith(r => r.Result.ExpectError(HttpStatusCode.NotFound), TestContext.Current.CancellationToken);
        Assert.Equal(WorkerState.Running, scenario.Host!.Herder.Status("pg").Tasks[0].Value.State);
    }
}
