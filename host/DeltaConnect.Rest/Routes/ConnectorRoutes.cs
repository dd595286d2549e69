using System.Globalization;
using System.Text.Json;
using DeltaConnect.Rest.Entities;
using DeltaConnect.Rest.Http;
using DeltaConnect.Runtime.Herder;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeltaConnect.Rest.Routes;

/// <summary>
/// <c>/connectors</c>: create, read, update, delete; pause, resume, stop, restart; status and tasks; offsets; active
/// topics — Kafka Connect's routes, bodies and status codes. Configs leave with their secrets redacted.
/// </summary>
internal static class ConnectorRoutes
{
    public static void Map(IEndpointRouteBuilder app, RestContext context)
    {
        var herder = context.Herder;

        app.MapGet("/connectors", (HttpContext http) =>
        {
            var expand = http.Request.Query["expand"].Where(e => e is not null).Select(e => e!).ToList();
            foreach (var unknown in expand.Where(e => e is not ("status" or "info")))
            {
                throw new RestException(StatusCodes.Status400BadRequest, $"Unknown expand value '{unknown}': use expand=status and/or expand=info.");
            }

            if (expand.Count == 0)
            {
                return Json(herder.Connectors);
            }

            var result = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
            foreach (var name in herder.Connectors)
            {
                var entry = new Dictionary<string, object>(StringComparer.Ordinal);
                if (expand.Contains("status"))
                {
                    entry["status"] = Status(herder, name);
                }

                if (expand.Contains("info"))
                {
                    entry["info"] = Info(herder, name);
                }

                result[name] = entry;
            }

            return Json(result);
        });

        app.MapPost("/connectors", async (HttpContext http) =>
        {
            var body = RequestBody.Object(await RequestBody.ReadAsync(http.Request, http.RequestAborted), "The request body");
            var name = body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : null;
            if (!body.TryGetProperty("config", out var configElement) || configElement.ValueKind == JsonValueKind.Null)
            {
                throw new RestException(StatusCodes.Status400BadRequest, "The request body needs \"config\": an object of the connector's settings, e.g. {\"name\":\"orders\",\"config\":{\"connector.class\":\"...\"}}.");
            }

            var config = NonNull(RequestBody.Config(configElement, "config", allowNull: false));
            name ??= config.GetValueOrDefault(Runtime.Configuration.ConnectorConfig.Name)?.Trim();
            CheckName(name);
            CheckNameMatches(name!, config);
            TargetState? initialState = null;
            if (body.TryGetProperty("initial_state", out var state) && state.ValueKind != JsonValueKind.Null)
            {
                initialState = state.ValueKind == JsonValueKind.String ? state.GetString()!.ToUpperInvariant() switch
                {
                    "RUNNING" => TargetState.Started,
                    "PAUSED" => TargetState.Paused,
                    "STOPPED" => TargetState.Stopped,
                    _ => null,
                } : null;
                if (initialState is null)
                {
                    throw new RestException(StatusCodes.Status400BadRequest, $"Invalid initial_state {state.GetRawText()}: use RUNNING, PAUSED or STOPPED.");
                }
            }

            await Scrubbed(herder, name!, config, () => herder.PutConnectorConfigAsync(name!, config, allowReplace: false, initialState, http.RequestAborted));
            http.Response.Headers.Location = "/connectors/" + Uri.EscapeDataString(name!);
            return Json(Info(herder, name!), StatusCodes.Status201Created);
        });

        app.MapGet("/connectors/{name}", (string name) => Json(Info(herder, name)));

        app.MapGet("/connectors/{name}/config", (string name) =>
            Json(herder.Validator.Redact(herder.ConnectorConfig(name) ?? throw NotFound(name))));

        app.MapPut("/connectors/{name}/config", async (HttpContext http, string name) =>
        {
            var config = NonNull(RequestBody.Config(await RequestBody.ReadAsync(http.Request, http.RequestAborted), "The connector config", allowNull: false));
            CheckName(name);
            CheckNameMatches(name, config);
            var created = await Scrubbed(herder, name, config, () => herder.PutConnectorConfigAsync(name, config, allowReplace: true, initialState: null, http.RequestAborted));
            if (created)
            {
                http.Response.Headers.Location = "/connectors/" + Uri.EscapeDataString(name);
            }

            return Json(Info(herder, name), created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });

        app.MapPatch("/connectors/{name}/config", async (HttpContext http, string name) =>
        {
            var patch = RequestBody.Config(await RequestBody.ReadAsync(http.Request, http.RequestAborted), "The config patch", allowNull: true);
            _ = herder.ConnectorConfig(name) ?? throw NotFound(name);
            CheckNameMatches(name, NonNull(patch.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value)));
            await Scrubbed(herder, name, patch.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!), () => herder.PatchConnectorConfigAsync(name, patch, http.RequestAborted));
            return Json(Info(herder, name));
        });

        app.MapDelete("/connectors/{name}", async (HttpContext http, string name) =>
        {
            await herder.DeleteConnectorAsync(name, http.RequestAborted);
            return Results.NoContent();
        });

        app.MapPut("/connectors/{name}/pause", async (HttpContext http, string name) =>
        {
            await herder.SetTargetStateAsync(name, TargetState.Paused, http.RequestAborted);
            return Results.Accepted();
        });

        app.MapPut("/connectors/{name}/resume", async (HttpContext http, string name) =>
        {
            await herder.SetTargetStateAsync(name, TargetState.Started, http.RequestAborted);
            return Results.Accepted();
        });

        app.MapPut("/connectors/{name}/stop", async (HttpContext http, string name) =>
        {
            await herder.SetTargetStateAsync(name, TargetState.Stopped, http.RequestAborted);
            return Results.NoContent();
        });

        app.MapPost("/connectors/{name}/restart", async (HttpContext http, string name) =>
        {
            var includeTasks = BooleanQuery(http, "includeTasks");
            var onlyFailed = BooleanQuery(http, "onlyFailed");
            await herder.RestartConnectorAsync(name, includeTasks, onlyFailed, http.RequestAborted);
            // Kafka Connect: restarting only the connector answers 204; with task options, 202 and the status.
            return !includeTasks && !onlyFailed ? Results.NoContent() : Json(Status(herder, name), StatusCodes.Status202Accepted);
        });

        app.MapGet("/connectors/{name}/status", (string name) => Json(Status(herder, name)));

        app.MapGet("/connectors/{name}/tasks", (string name) =>
        {
            var config = herder.ConnectorConfig(name) ?? throw NotFound(name);
            var secrets = herder.Validator.SecretKeys(config);
            return Json(herder.TaskConfigs(name).Select((task, i) => new TaskInfo(new ConnectorTaskIdInfo(name, i), ConnectorConfigValidator.Redact(task, secrets))).ToList());
        });

        app.MapGet("/connectors/{name}/tasks/{task}/status", (string name, string task) =>
        {
            var status = Status(herder, name);
            var id = TaskNumber(name, task);
            return Json(status.Tasks.FirstOrDefault(t => t.Id == id) ?? throw new RestException(StatusCodes.Status404NotFound, $"Task {name}-{task} not found: connector {name} has {status.Tasks.Count} task(s)."));
        });

        app.MapPost("/connectors/{name}/tasks/{task}/restart", async (HttpContext http, string name, string task) =>
        {
            await herder.RestartTaskAsync(new ConnectorTaskId(name, TaskNumber(name, task)), http.RequestAborted);
            return Results.NoContent();
        });

        // DeltaConnect's own route: a Debezium-style signal (type + data) for the connector's running source task.
        app.MapPost("/connectors/{name}/signals", async (HttpContext http, string name) =>
        {
            var body = RequestBody.Object(await RequestBody.ReadAsync(http.Request, http.RequestAborted), "The request body");
            if (!body.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(type.GetString()))
            {
                throw new RestException(StatusCodes.Status400BadRequest, "The request body needs \"type\": the signal type, e.g. {\"type\": \"execute-snapshot\", \"data\": {\"data-collections\": [\"public.orders\"]}}.");
            }

            string? data = body.TryGetProperty("data", out var value) ? value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Object => value.GetRawText(),
                _ => throw new RestException(StatusCodes.Status400BadRequest, "\"data\" must be a JSON object (or a string holding one)."),
            } : null;
            var task = await herder.SignalAsync(name, type.GetString()!, data, http.RequestAborted);
            return Json(new MessageInfo($"The {type.GetString()} signal was handed to task {task.Task} of connector {name}."), StatusCodes.Status202Accepted);
        });

        app.MapGet("/connectors/{name}/offsets", async (HttpContext http, string name) =>
        {
            var offsets = await herder.GetOffsetsAsync(name, http.RequestAborted);
            return Json(new ConnectorOffsetsEntity([.. offsets.Select(o => new ConnectorOffsetEntity(o.Partition, o.Offset))]));
        });

        app.MapMethods("/connectors/{name}/offsets", [HttpMethods.Patch], async (HttpContext http, string name) =>
        {
            var body = RequestBody.Object(await RequestBody.ReadAsync(http.Request, http.RequestAborted), "The request body");
            var offsets = Offsets(body);
            return Json(new MessageInfo(await herder.AlterOffsetsAsync(name, offsets, http.RequestAborted)));
        });

        app.MapDelete("/connectors/{name}/offsets", async (HttpContext http, string name) =>
            Json(new MessageInfo(await herder.ResetOffsetsAsync(name, http.RequestAborted))));

        app.MapGet("/connectors/{name}/topics", (string name) =>
        {
            if (!context.Config.GetBoolean(Runtime.Configuration.WorkerConfig.TopicTrackingEnable))
            {
                throw new RestException(StatusCodes.Status403Forbidden, "Topic tracking is disabled (topic.tracking.enable=false).");
            }

            return Json(new Dictionary<string, object> { [name] = new Dictionary<string, IReadOnlyList<string>> { ["topics"] = herder.ActiveTopics(name) } });
        });

        app.MapPut("/connectors/{name}/topics/reset", async (HttpContext http, string name) =>
        {
            if (!context.Config.GetBoolean(Runtime.Configuration.WorkerConfig.TopicTrackingEnable))
            {
                throw new RestException(StatusCodes.Status403Forbidden, "Topic tracking is disabled (topic.tracking.enable=false).");
            }

            if (!context.Config.GetBoolean(Runtime.Configuration.WorkerConfig.TopicTrackingAllowReset))
            {
                throw new RestException(StatusCodes.Status403Forbidden, "Topic tracking reset is disabled (topic.tracking.allow.reset=false).");
            }

            await herder.ResetActiveTopicsAsync(name, http.RequestAborted);
            return Results.Accepted();
        });
    }

    public static IResult Json(object value, int status = StatusCodes.Status200OK) => Results.Json(value, RestJson.Options, statusCode: status);

    private static RestException NotFound(string name) => new(StatusCodes.Status404NotFound, $"Connector {name} not found");

    private static ConnectorInfo Info(StandaloneHerder herder, string name)
    {
        var config = herder.ConnectorConfig(name) ?? throw NotFound(name);
        var tasks = herder.TaskConfigs(name).Select((_, i) => new ConnectorTaskIdInfo(name, i)).ToList();
        return new ConnectorInfo(name, herder.Validator.Redact(config), tasks, herder.ConnectorType(config));
    }

    private static Entities.ConnectorStateInfo Status(StandaloneHerder herder, string name)
    {
        var status = herder.Status(name);
        return new Entities.ConnectorStateInfo(
            status.Name,
            new ConnectorState(State(status.Connector.State), status.Connector.WorkerId, status.Connector.Trace),
            [.. status.Tasks.Select(t => new TaskState(t.Key, State(t.Value.State), t.Value.WorkerId, t.Value.Trace))],
            status.Type);
    }

    private static string State(WorkerState state) => state.ToString().ToUpperInvariant();

    private static Dictionary<string, string> NonNull(Dictionary<string, string?> config) =>
        config.ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);

    private static void CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RestException(StatusCodes.Status400BadRequest, "A connector name is required: set \"name\" in the request body (or in the config).");
        }

        if (name.Any(char.IsControl) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new RestException(StatusCodes.Status400BadRequest, "Connector names must not contain '/' or control characters.");
        }
    }

    private static void CheckNameMatches(string name, Dictionary<string, string> config)
    {
        if (config.TryGetValue(Runtime.Configuration.ConnectorConfig.Name, out var inConfig) && inConfig.Trim() != name)
        {
            throw new RestException(StatusCodes.Status400BadRequest, $"Connector name configuration ({inConfig}) doesn't match connector name in the URL ({name})");
        }
    }

    // Validation messages may quote values; never a secret.
    private static async Task<T> Scrubbed<T>(StandaloneHerder herder, string name, IReadOnlyDictionary<string, string> config, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ConfigException e)
        {
            var message = Secrets.Scrub(e.Message, config, herder.Validator.SecretKeys(config));
            if (herder.ConnectorConfig(name) is { } stored)
            {
                message = Secrets.Scrub(message, stored, herder.Validator.SecretKeys(stored));
            }

            throw new RestException(StatusCodes.Status400BadRequest, message);
        }
    }

    private static bool BooleanQuery(HttpContext http, string name)
    {
        var value = http.Request.Query[name].ToString();
        return value.Length == 0 ? false : bool.TryParse(value, out var parsed)
            ? parsed
            : throw new RestException(StatusCodes.Status400BadRequest, $"Query parameter {name} must be true or false, not '{value}'.");
    }

    private static int TaskNumber(string name, string task) =>
        int.TryParse(task, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new RestException(StatusCodes.Status404NotFound, $"Task {name}-{task} not found: task ids are numbers from 0.");

    private static List<ConnectorOffset> Offsets(JsonElement body)
    {
        if (!body.TryGetProperty("offsets", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new RestException(StatusCodes.Status400BadRequest,
                "Partitions / offsets need to be provided for an alter offsets request: send {\"offsets\":[{\"partition\":{...},\"offset\":{...}}]} (a null offset removes the partition's offset).");
        }

        var offsets = new List<ConnectorOffset>();
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var what = $"offsets[{index.ToString(CultureInfo.InvariantCulture)}]";
            RequestBody.Object(entry, what);
            if (!entry.TryGetProperty("partition", out var partition) || partition.ValueKind != JsonValueKind.Object)
            {
                throw new RestException(StatusCodes.Status400BadRequest, $"{what}.partition must be a JSON object (the source partition, or {{\"kafka_topic\":..,\"kafka_partition\":..}} for sinks).");
            }

            IReadOnlyDictionary<string, object?>? offset = null;
            if (entry.TryGetProperty("offset", out var offsetElement) && offsetElement.ValueKind != JsonValueKind.Null)
            {
                offset = RequestBody.Map(offsetElement, $"{what}.offset");
            }

            offsets.Add(new ConnectorOffset(RequestBody.Map(partition, $"{what}.partition"), offset));
            index++;
        }

        return offsets;
    }
}
