using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeltaConnect.Worker.Commands;

/// <summary>
/// <c>deltaconnect connectors list|get|create|delete|pause|resume|stop|restart|status|offsets</c>: the REST API from the
/// command line. Every verb is one or two Kafka Connect-compatible requests, so the same commands work against any
/// DeltaConnect worker (and most against a Kafka Connect worker). Responses are printed as indented JSON; an error
/// response prints the server's message on stderr and exits with 1.
/// </summary>
internal static class ConnectorsCommand
{
    /// <summary>Environment variables read when the options are not given.</summary>
    internal const string UrlVariable = "DELTACONNECT_URL";
    internal const string ApiKeyVariable = "DELTACONNECT_API_KEY";
    internal const string UserVariable = "DELTACONNECT_USER";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = $"The worker's REST API (default: ${UrlVariable} or http://127.0.0.1:8083).", Recursive = true };
        var apiKey = new Option<string?>("--api-key") { Description = $"API key sent as a bearer token (default: ${ApiKeyVariable}).", Recursive = true };
        var user = new Option<string?>("--user") { Description = $"Basic credentials user:password (default: ${UserVariable}).", Recursive = true };
        var client = new ClientOptions(url, apiKey, user);

        var name = () => new Argument<string>("name") { Description = "The connector's name." };

        var expand = new Option<string[]>("--expand") { Description = "Include status and/or info of each connector (status, info).", AllowMultipleArgumentsPerToken = true };
        var list = new Command("list", "List connectors (GET /connectors).") { expand };
        list.SetAction((r, ct) => RunAsync(r, client, async http =>
        {
            var kinds = r.GetValue(expand) ?? [];
            var query = string.Concat(kinds.Select((k, i) => (i == 0 ? "?" : "&") + "expand=" + Uri.EscapeDataString(k)));
            return [await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "connectors" + query), ct)];
        }, ct));

        var getName = name();
        var get = new Command("get", "A connector's name, config, tasks and type (GET /connectors/{name}).") { getName };
        get.SetAction((r, ct) => RunAsync(r, client, async http => [await http.GetAsync(Path(r.GetValue(getName)!), ct)], ct));

        var file = new Argument<string>("file") { Description = "JSON file with the Kafka Connect POST /connectors body ({\"name\":..., \"config\":{...}}), or - for stdin." };
        var replace = new Option<bool>("--replace") { Description = "Create or update (PUT /connectors/{name}/config) instead of failing when it exists." };
        var initialState = new Option<string?>("--initial-state") { Description = "RUNNING, PAUSED or STOPPED (new connectors only)." };
        var create = new Command("create", "Create a connector from a JSON file (POST /connectors).") { file, replace, initialState };
        create.SetAction((r, ct) => RunAsync(r, client, async http =>
        {
            var body = await ReadBodyAsync(r.GetValue(file)!, r.InvocationConfiguration.Error, ct);
            if (body is null)
            {
                return [];
            }

            if (r.GetValue(initialState) is { } state)
            {
                body["initial_state"] = state;
            }

            if (r.GetValue(replace))
            {
                var connector = body["name"]?.GetValue<string>();
                if (string.IsNullOrEmpty(connector) || body["config"] is not JsonObject config)
                {
                    await r.InvocationConfiguration.Error.WriteLineAsync("--replace needs a body with \"name\" and a \"config\" object.");
                    return [];
                }

                return [await http.PutAsync(Path(connector) + "/config", Json(config), ct)];
            }

            return [await http.PostAsync("connectors", Json(body), ct)];
        }, ct));

        var deleteName = name();
        var delete = new Command("delete", "Delete a connector (DELETE /connectors/{name}).") { deleteName };
        delete.SetAction((r, ct) => RunAsync(r, client, async http => [await http.DeleteAsync(Path(r.GetValue(deleteName)!), ct)], ct));

        Command TargetState(string verb, string description)
        {
            var argument = name();
            var command = new Command(verb, description) { argument };
            command.SetAction((r, ct) => RunAsync(r, client, async http => [await http.PutAsync($"{Path(r.GetValue(argument)!)}/{verb}", null, ct)], ct));
            return command;
        }

        var restartName = name();
        var includeTasks = new Option<bool>("--include-tasks") { Description = "Restart the connector's tasks too." };
        var onlyFailed = new Option<bool>("--only-failed") { Description = "Restart only the connector and tasks that have failed." };
        var task = new Option<int?>("--task") { Description = "Restart just this task." };
        var restart = new Command("restart", "Restart a connector, its tasks, or one task (POST .../restart).") { restartName, includeTasks, onlyFailed, task };
        restart.SetAction((r, ct) => RunAsync(r, client, async http =>
        {
            var path = Path(r.GetValue(restartName)!);
            return r.GetValue(task) is { } id
                ? [await http.PostAsync($"{path}/tasks/{id}/restart", null, ct)]
                : [await http.PostAsync($"{path}/restart?includeTasks={Flag(r.GetValue(includeTasks))}&onlyFailed={Flag(r.GetValue(onlyFailed))}", null, ct)];
        }, ct));

        var statusName = name();
        var status = new Command("status", "The connector's and its tasks' states (GET /connectors/{name}/status).") { statusName };
        status.SetAction((r, ct) => RunAsync(r, client, async http => [await http.GetAsync(Path(r.GetValue(statusName)!) + "/status", ct)], ct));

        var offsetsName = name();
        var reset = new Option<bool>("--reset") { Description = "Delete all offsets (the connector must be stopped)." };
        var alter = new Option<string?>("--alter") { Description = "JSON file with {\"offsets\":[{\"partition\":{...},\"offset\":{...}|null}]} to apply (the connector must be stopped), or - for stdin." };
        var offsets = new Command("offsets", "Show, alter or reset a connector's offsets (GET|PATCH|DELETE /connectors/{name}/offsets).") { offsetsName, reset, alter };
        offsets.SetAction((r, ct) => RunAsync(r, client, async http =>
        {
            var path = Path(r.GetValue(offsetsName)!) + "/offsets";
            if (r.GetValue(reset))
            {
                return [await http.DeleteAsync(path, ct)];
            }

            if (r.GetValue(alter) is { } alterFile)
            {
                var body = await ReadBodyAsync(alterFile, r.InvocationConfiguration.Error, ct);
                return body is null ? [] : [await http.PatchAsync(path, Json(body), ct)];
            }

            return [await http.GetAsync(path, ct)];
        }, ct));

        var command = new Command("connectors", "Manage connectors through a worker's REST API.")
        {
            list, get, create, delete,
            TargetState("pause", "Pause a connector and its tasks (PUT .../pause)."),
            TargetState("resume", "Resume a paused or stopped connector (PUT .../resume)."),
            TargetState("stop", "Stop a connector and shut its tasks down, keeping its config (PUT .../stop)."),
            restart, status, offsets,
        };
        command.Options.Add(url);
        command.Options.Add(apiKey);
        command.Options.Add(user);
        return command;
    }

    private static string Path(string connector) => "connectors/" + Uri.EscapeDataString(connector);

    private static string Flag(bool value) => value ? "true" : "false";

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<JsonObject?> ReadBodyAsync(string file, TextWriter error, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = file == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"Cannot read {file}: {e.Message}");
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject body)
            {
                return body;
            }

            await error.WriteLineAsync($"{file} must hold a JSON object.");
            return null;
        }
        catch (JsonException e)
        {
            await error.WriteLineAsync($"{file} is not valid JSON: {e.Message}");
            return null;
        }
    }

    private static async Task<int> RunAsync(ParseResult result, ClientOptions options, Func<HttpClient, Task<List<HttpResponseMessage>>> send, CancellationToken cancellationToken)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        var baseUrl = result.GetValue(options.Url) ?? Environment.GetEnvironmentVariable(UrlVariable) ?? "http://127.0.0.1:8083";
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"--url: '{baseUrl}' is not an http(s) URL such as http://127.0.0.1:8083.");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        if ((result.GetValue(options.ApiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable)) is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else if ((result.GetValue(options.User) ?? Environment.GetEnvironmentVariable(UserVariable)) is { Length: > 0 } credentials)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        List<HttpResponseMessage> responses;
        try
        {
            responses = await send(http);
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"Cannot reach the worker at {baseUri}: {e.Message} (set --url or {UrlVariable}).");
            return 1;
        }

        if (responses.Count == 0)
        {
            return 2; // the request could not be built; the reason is printed already
        }

        var exitCode = 0;
        foreach (var response in responses)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    await output.WriteLineAsync(body.Length == 0 ? $"{(int)response.StatusCode} {response.StatusCode}" : Pretty(body));
                    continue;
                }

                exitCode = 1;
                await error.WriteLineAsync($"{(int)response.StatusCode} {ErrorMessage(body, response.StatusCode)}");
            }
        }

        return exitCode;
    }

    private static string Pretty(string body)
    {
        try
        {
            return JsonNode.Parse(body)?.ToJsonString(Indented) ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string ErrorMessage(string body, HttpStatusCode status)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject error && error["message"] is JsonValue message)
            {
                return message.ToString();
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 0 ? body : status.ToString();
    }

    private sealed record ClientOptions(Option<string?> Url, Option<string?> ApiKey, Option<string?> User);
}
