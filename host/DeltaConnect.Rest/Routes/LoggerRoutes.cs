using System.Text.Json;
using DeltaConnect.Rest.Entities;
using DeltaConnect.Rest.Http;
using DeltaConnect.Runtime.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Rest.Routes;

/// <summary>
/// <c>/admin/loggers</c>: log levels by category prefix, changed at runtime, with Kafka Connect's (log4j) level names.
/// </summary>
internal static class LoggerRoutes
{
    private static readonly (string Name, LogLevel Level)[] Levels =
    [
        ("TRACE", LogLevel.Trace), ("DEBUG", LogLevel.Debug), ("INFO", LogLevel.Information), ("WARN", LogLevel.Warning),
        ("ERROR", LogLevel.Error), ("FATAL", LogLevel.Critical), ("OFF", LogLevel.None),
    ];

    public static void Map(IEndpointRouteBuilder app, RestContext context)
    {
        var levels = context.LogLevels;

        app.MapGet("/admin/loggers", () =>
            ConnectorRoutes.Json(levels.All().ToDictionary(l => l.Key, l => ToEntity(l.Value), StringComparer.Ordinal)));

        app.MapGet("/admin/loggers/{name}", (string name) =>
            ConnectorRoutes.Json(ToEntity(levels.Get(name) ?? throw new RestException(StatusCodes.Status404NotFound, $"Logger {name} not found."))));

        app.MapPut("/admin/loggers/{name}", async (HttpContext http, string name) =>
        {
            var body = RequestBody.Object(await RequestBody.ReadAsync(http.Request, http.RequestAborted), "The request body");
            if (!body.TryGetProperty("level", out var levelElement) || levelElement.ValueKind != JsonValueKind.String)
            {
                throw new RestException(StatusCodes.Status400BadRequest, "The request body must specify a 'level' field, e.g. {\"level\":\"DEBUG\"}.");
            }

            var scope = http.Request.Query["scope"].ToString();
            if (scope.Length > 0 && !scope.Equals("worker", StringComparison.OrdinalIgnoreCase) && !scope.Equals("cluster", StringComparison.OrdinalIgnoreCase))
            {
                throw new RestException(StatusCodes.Status400BadRequest, $"Invalid scope '{scope}': use worker or cluster.");
            }

            var text = levelElement.GetString()!;
            var level = Levels.FirstOrDefault(l => l.Name.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (level.Name is null)
            {
                throw new RestException(StatusCodes.Status400BadRequest, $"Invalid log level '{text}': use one of {string.Join(", ", Levels.Select(l => l.Name))}.");
            }

            var affected = levels.Set(name, level.Level);
            // A standalone worker is the whole cluster: scope=cluster applies here and answers like Kafka Connect (204).
            return scope.Equals("cluster", StringComparison.OrdinalIgnoreCase) ? Results.NoContent() : ConnectorRoutes.Json(affected);
        });
    }

    private static LoggerLevel ToEntity(LevelSetting setting) =>
        new(Levels.First(l => l.Level == setting.Level).Name, setting.LastModified);
}
