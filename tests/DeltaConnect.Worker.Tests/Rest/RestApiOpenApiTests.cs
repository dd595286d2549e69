using System.Net;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Worker.Tests.Rest;

/// <summary>The OpenAPI document the worker serves is valid (checked by the independent openapi-spec-validator) and lists exactly the mapped routes.</summary>
public sealed class RestApiOpenApiTests(BrokerFixture broker)
{
    [Fact]
    public async Task The_served_document_is_valid_OpenAPI_3_and_lists_every_mapped_route()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);
        var reply = await api.GetAsync("/openapi.json");
        var document = reply.Expect(HttpStatusCode.OK);

        var file = scenario.Path("openapi.json");
        await File.WriteAllTextAsync(file, reply.Body, TestContext.Current.CancellationToken);
        var output = await ExternalCommand.RunAsync("python3", ["-m", "openapi_spec_validator", file], TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains("OK", output, StringComparison.Ordinal);

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal).ToList();
        var mapped = scenario.Host!.Rest.Routes.Select(r => $"{r.Method} {r.Pattern}").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(mapped.Count > 25, $"only {mapped.Count} routes mapped");
        Assert.Equal(mapped, documented);
    }
}
