using System.Reflection;
using DeltaConnect.Rest.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeltaConnect.Rest.Routes;

/// <summary><c>GET /</c> (version, commit, cluster id), <c>GET /health</c>, and the OpenAPI document.</summary>
internal static class RootRoutes
{
    public const string HealthPath = "/health";
    public const string OpenApiPath = "/openapi.json";

    public static void Map(IEndpointRouteBuilder app, RestContext context)
    {
        app.MapGet("/", async (HttpContext http) =>
        {
            var informational = typeof(RootRoutes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            var version = plus >= 0 ? informational[..plus] : informational;
            var commit = plus >= 0 ? informational[(plus + 1)..] : "unknown";
            return ConnectorRoutes.Json(new ServerInfo(version, commit, await context.ClusterId(http.RequestAborted)));
        });

        app.MapGet(HealthPath, () => context.Herder.IsReady
            ? ConnectorRoutes.Json(new HealthStatus("healthy", "Worker has completed startup and is ready to handle requests."))
            : ConnectorRoutes.Json(new HealthStatus("starting", "Worker is still starting up."), StatusCodes.Status503ServiceUnavailable));

        app.MapGet(OpenApiPath, () => Results.Stream(
            typeof(RootRoutes).Assembly.GetManifestResourceStream("DeltaConnect.Rest.openapi.json")!, "application/json"));
    }
}
