using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Plugins.Iceberg.Tests.Fakes;

/// <summary>
/// An in-process Iceberg REST catalog (no real one can run here): the routes of apache/iceberg's
/// <c>rest-catalog-open-api.yaml</c> the sink uses — <c>GET /v1/config</c>, <c>POST /v1/oauth/tokens</c>
/// (client credentials), namespace create, table load/create, and commits with requirements checked and updates applied.
/// Metadata is written as <c>vN.metadata.json</c> plus <c>version-hint.text</c> under each table's location, so icebird
/// reads the tables straight from disk. Tests inject 409 conflicts and 5xx answers (<see cref="FailNextCommit"/>) and read
/// the requests it saw (<see cref="Requests"/>, <see cref="AuthorizationHeaders"/>).
/// </summary>
internal sealed class FakeRestCatalog : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly string _warehouse;
    private readonly string? _requiredToken;
    private readonly (string Id, string Secret)? _client;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JsonObject Metadata, int Version)> _tables = new(StringComparer.Ordinal);
    private readonly Queue<CommitFault> _faults = new();
    private readonly HashSet<string> _issuedTokens = new(StringComparer.Ordinal);
    private readonly Task _loop;

    private FakeRestCatalog(HttpListener listener, string warehouse, string prefix, string? requiredToken, (string Id, string Secret)? client)
    {
        _listener = listener;
        _warehouse = warehouse;
        Prefix = prefix;
        _requiredToken = requiredToken;
        _client = client;
        Uri = new Uri(listener.Prefixes.Single());
        _loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    /// <summary>The prefix the server hands out in its config overrides.</summary>
    public string Prefix { get; }

    /// <summary>Method and path of every request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The Authorization header of every request (null when absent).</summary>
    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();

    /// <summary>Commits applied (each one new table metadata version).</summary>
    public int AppliedCommits { get; private set; }

    /// <summary>
    /// Starts a catalog whose tables live under <paramref name="warehouse"/>. With <paramref name="requiredToken"/>, every
    /// request needs that bearer token; with <paramref name="client"/>, tokens are issued to those client credentials and
    /// only issued tokens are accepted.
    /// </summary>
    public static FakeRestCatalog Start(string warehouse, string prefix = "fake-prefix", string? requiredToken = null, (string Id, string Secret)? client = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{FreePort.Next()}/");
            try
            {
                listener.Start();
                return new FakeRestCatalog(listener, warehouse, prefix, requiredToken, client);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>The next commit request meets <paramref name="fault"/> (queued: call several times for several commits).</summary>
    public void FailNextCommit(CommitFault fault)
    {
        lock (_lock)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>The table's current metadata as the catalog holds it.</summary>
    public JsonObject Metadata(string ns, string table)
    {
        lock (_lock)
        {
            return _tables[Key([ns], table)].Metadata.DeepClone().AsObject();
        }
    }

    /// <summary>The table's location as a <c>file://</c> URI (what icebird reads).</summary>
    public string Location(string ns, string table) => Metadata(ns, table)["location"]!.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.RawUrl!.Split('?')[0];
        Requests.Enqueue($"{request.HttpMethod} {path}");
        AuthorizationHeaders.Enqueue(request.Headers["Authorization"]);
        var body = request.HasEntityBody ? new StreamReader(request.InputStream, Encoding.UTF8).ReadToEnd() : "";
        int status;
        JsonNode? answer;
        try
        {
            (status, answer) = Route(request.HttpMethod, [.. path.Trim('/').Split('/').Select(Uri.UnescapeDataString)], body, request.Headers["Authorization"]);
        }
        catch (Exception e)
        {
            (status, answer) = Error(400, "BadRequestException", e.Message);
        }

        var bytes = Encoding.UTF8.GetBytes(answer?.ToJsonString() ?? "");
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    private (int, JsonNode?) Route(string method, string[] segments, string body, string? authorization)
    {
        if (segments is ["v1", "oauth", "tokens"] && method == "POST")
        {
            return IssueToken(body);
        }

        if (!Authorized(authorization))
        {
            return Error(401, "NotAuthorizedException", "Not authorized: a valid bearer token is required");
        }

        lock (_lock)
        {
            return segments switch
            {
                ["v1", "config"] when method == "GET" => (200, new JsonObject { ["defaults"] = new JsonObject(), ["overrides"] = new JsonObject { ["prefix"] = Prefix } }),
                ["v1", var p, "namespaces"] when p == Prefix && method == "POST" => CreateNamespace(JsonNode.Parse(body)!),
                ["v1", var p, "namespaces", var ns, "tables"] when p == Prefix && method == "POST" => CreateTable(ns.Split('\u001f'), JsonNode.Parse(body)!),
                ["v1", var p, "namespaces", var ns, "tables", var table] when p == Prefix && method == "GET" => LoadTable(Key(ns.Split('\u001f'), table)),
                ["v1", var p, "namespaces", var ns, "tables", var table] when p == Prefix && method == "POST" => Commit(Key(ns.Split('\u001f'), table), JsonNode.Parse(body)!),
                _ => Error(404, "NoSuchRouteException", $"No route {method} /{string.Join('/', segments)}"),
            };
        }
    }

    private bool Authorized(string? authorization)
    {
        if (_requiredToken is null && _client is null)
        {
            return true;
        }

        var token = authorization is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
        lock (_lock)
        {
            return token is not null && (token == _requiredToken || _issuedTokens.Contains(token));
        }
    }

    private (int, JsonNode?) IssueToken(string body)
    {
        var form = body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')), StringComparer.Ordinal);
        if (_client is not { } client || form.GetValueOrDefault("grant_type") != "client_credentials"
            || form.GetValueOrDefault("client_id") != client.Id || form.GetValueOrDefault("client_secret") != client.Secret)
        {
            return (401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "unknown client credentials" });
        }

        var token = $"issued-{Guid.NewGuid():N}";
        lock (_lock)
        {
            _issuedTokens.Add(token);
        }

        return (200, new JsonObject { ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = 3600, ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token" });
    }

    private (int, JsonNode?) CreateNamespace(JsonNode body)
    {
        var ns = string.Join('\u001f', body["namespace"]!.AsArray().Select(n => n!.GetValue<string>()));
        return _namespaces.Add(ns)
            ? (200, new JsonObject { ["namespace"] = body["namespace"]!.DeepClone(), ["properties"] = new JsonObject() })
            : Error(409, "AlreadyExistsException", $"Namespace already exists: {ns}");
    }

    private (int, JsonNode?) CreateTable(string[] ns, JsonNode body)
    {
        if (!_namespaces.Contains(string.Join('\u001f', ns)))
        {
            return Error(404, "NoSuchNamespaceException", $"Namespace does not exist: {string.Join('.', ns)}");
        }

        var name = body["name"]!.GetValue<string>();
        var key = Key(ns, name);
        if (_tables.ContainsKey(key))
        {
            return Error(409, "AlreadyExistsException", $"Table already exists: {key}");
        }

        var directory = Path.Combine([_warehouse, .. ns, name]);
        Directory.CreateDirectory(Path.Combine(directory, "metadata"));
        var schema = body["schema"]!.DeepClone().AsObject();
        schema["schema-id"] = 0;
        // The requested spec becomes spec 0; fields without a field-id get one from 1000 on, as a catalog assigns them.
        var specFields = body["partition-spec"]?["fields"]?.DeepClone().AsArray() ?? [];
        var nextPartitionId = 1000;
        foreach (var field in specFields.Select(f => f!.AsObject()))
        {
            field["field-id"] ??= nextPartitionId;
            nextPartitionId = Math.Max(nextPartitionId, field["field-id"]!.GetValue<int>()) + 1;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var metadata = new JsonObject
        {
            ["format-version"] = 2,
            ["table-uuid"] = Guid.NewGuid().ToString(),
            ["location"] = new Uri(directory).AbsoluteUri,
            ["last-sequence-number"] = 0L,
            ["last-updated-ms"] = now,
            ["last-column-id"] = HighestId(schema),
            ["current-schema-id"] = 0,
            ["schemas"] = new JsonArray(schema),
            ["default-spec-id"] = 0,
            ["partition-specs"] = new JsonArray(new JsonObject { ["spec-id"] = 0, ["fields"] = specFields }),
            ["last-partition-id"] = nextPartitionId - 1,
            ["default-sort-order-id"] = 0,
            ["sort-orders"] = new JsonArray(new JsonObject { ["order-id"] = 0, ["fields"] = new JsonArray() }),
            ["properties"] = body["properties"]?.DeepClone() ?? new JsonObject(),
            ["current-snapshot-id"] = -1L,
            ["refs"] = new JsonObject(),
            ["snapshots"] = new JsonArray(),
            ["snapshot-log"] = new JsonArray(),
            ["metadata-log"] = new JsonArray(),
        };
        _tables[key] = (metadata, 1);
        Store(key, metadata);
        return LoadTable(key);
    }

    private (int, JsonNode?) LoadTable(string key) => _tables.TryGetValue(key, out var table)
        ? (200, new JsonObject { ["metadata-location"] = MetadataFile(table.Metadata, table.Version), ["metadata"] = table.Metadata.DeepClone(), ["config"] = new JsonObject() })
        : Error(404, "NoSuchTableException", $"Table does not exist: {key}");

    private (int, JsonNode?) Commit(string key, JsonNode body)
    {
        if (!_tables.TryGetValue(key, out var table))
        {
            return Error(404, "NoSuchTableException", $"Table does not exist: {key}");
        }

        var fault = _faults.Count > 0 ? _faults.Dequeue() : (CommitFault?)null;
        if (fault == CommitFault.Conflict)
        {
            return Error(409, "CommitFailedException", "Injected conflict: the table changed");
        }

        if (fault == CommitFault.NotAppliedServerError)
        {
            return Error(500, "InternalServerError", "Injected failure before the commit was applied");
        }

        var metadata = table.Metadata;
        foreach (var requirement in body["requirements"]!.AsArray())
        {
            if (Unmet(metadata, requirement!) is { } unmet)
            {
                return Error(409, "CommitFailedException", $"Requirement failed: {unmet}");
            }
        }

        var next = metadata.DeepClone().AsObject();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var update in body["updates"]!.AsArray())
        {
            Apply(next, update!, now);
        }

        next["last-updated-ms"] = now;
        next["metadata-log"]!.AsArray().Add(new JsonObject { ["timestamp-ms"] = metadata["last-updated-ms"]!.DeepClone(), ["metadata-file"] = MetadataFile(metadata, table.Version) });
        _tables[key] = (next, table.Version + 1);
        Store(key, next);
        AppliedCommits++;
        return fault == CommitFault.AppliedThenUnavailable
            ? Error(503, "ServiceUnavailableException", "Injected failure after the commit was applied")
            : (200, new JsonObject { ["metadata-location"] = MetadataFile(next, table.Version + 1), ["metadata"] = next.DeepClone() });
    }

    private static string? Unmet(JsonObject metadata, JsonNode requirement)
    {
        var type = requirement["type"]!.GetValue<string>();
        return type switch
        {
            "assert-table-uuid" => requirement["uuid"]!.GetValue<string>() == metadata["table-uuid"]!.GetValue<string>() ? null : "table uuid differs",
            "assert-ref-snapshot-id" => RefSnapshot(metadata, requirement["ref"]!.GetValue<string>()) == requirement["snapshot-id"]?.GetValue<long>()
                ? null
                : $"branch {requirement["ref"]} is at {RefSnapshot(metadata, requirement["ref"]!.GetValue<string>())?.ToString(CultureInfo.InvariantCulture) ?? "null"}, expected {requirement["snapshot-id"]?.ToJsonString() ?? "null"}",
            "assert-current-schema-id" => Same(metadata["current-schema-id"], requirement["current-schema-id"]) ? null : "current schema changed",
            "assert-last-assigned-field-id" => Same(metadata["last-column-id"], requirement["last-assigned-field-id"]) ? null : "last column id changed",
            "assert-default-spec-id" => Same(metadata["default-spec-id"], requirement["default-spec-id"]) ? null : "default spec changed",
            "assert-last-assigned-partition-id" => Same(metadata["last-partition-id"], requirement["last-assigned-partition-id"]) ? null : "last partition id changed",
            _ => throw new InvalidOperationException($"Unknown requirement type {type}"),
        };
    }

    private static void Apply(JsonObject metadata, JsonNode update, long now)
    {
        var action = update["action"]!.GetValue<string>();
        switch (action)
        {
            case "add-snapshot":
                var snapshot = update["snapshot"]!.DeepClone().AsObject();
                var sequence = snapshot["sequence-number"]!.GetValue<long>();
                if (sequence <= metadata["last-sequence-number"]!.GetValue<long>())
                {
                    throw new InvalidOperationException($"Snapshot sequence number {sequence} is not above the table's {metadata["last-sequence-number"]}");
                }

                metadata["snapshots"]!.AsArray().Add(snapshot);
                metadata["last-sequence-number"] = sequence;
                break;
            case "set-snapshot-ref":
                var id = update["snapshot-id"]!.GetValue<long>();
                if (!metadata["snapshots"]!.AsArray().Any(s => s!["snapshot-id"]!.GetValue<long>() == id))
                {
                    throw new InvalidOperationException($"set-snapshot-ref to unknown snapshot {id}");
                }

                metadata["refs"]![update["ref-name"]!.GetValue<string>()] = new JsonObject { ["snapshot-id"] = id, ["type"] = update["type"]!.DeepClone() };
                if (update["ref-name"]!.GetValue<string>() == "main")
                {
                    metadata["current-snapshot-id"] = id;
                    metadata["snapshot-log"]!.AsArray().Add(new JsonObject { ["timestamp-ms"] = now, ["snapshot-id"] = id });
                }

                break;
            case "add-schema":
                var schema = update["schema"]!.DeepClone().AsObject();
                metadata["schemas"]!.AsArray().Add(schema);
                metadata["last-column-id"] = Math.Max(metadata["last-column-id"]!.GetValue<int>(), HighestId(schema));
                break;
            case "set-current-schema":
                var schemaId = update["schema-id"]!.GetValue<int>();
                metadata["current-schema-id"] = schemaId == -1 ? metadata["schemas"]!.AsArray()[^1]!["schema-id"]!.DeepClone() : schemaId;
                break;
            case "set-properties":
                foreach (var (key, value) in update["updates"]!.AsObject())
                {
                    metadata["properties"]![key] = value?.DeepClone();
                }

                break;
            case "remove-properties":
                foreach (var key in update["removals"]!.AsArray())
                {
                    metadata["properties"]!.AsObject().Remove(key!.GetValue<string>());
                }

                break;
            default:
                throw new InvalidOperationException($"The fake catalog does not apply update action {action}");
        }
    }

    private void Store(string key, JsonObject metadata)
    {
        var directory = Path.Combine(new Uri(metadata["location"]!.GetValue<string>()).LocalPath, "metadata");
        var version = _tables[key].Version;
        File.WriteAllText(new Uri(MetadataFile(metadata, version)).LocalPath, metadata.ToJsonString());
        File.WriteAllText(Path.Combine(directory, "version-hint.text"), version.ToString(CultureInfo.InvariantCulture));
    }

    private static string MetadataFile(JsonObject metadata, int version) =>
        $"{metadata["location"]!.GetValue<string>().TrimEnd('/')}/metadata/v{version.ToString(CultureInfo.InvariantCulture)}.metadata.json";

    private static long? RefSnapshot(JsonObject metadata, string name) => metadata["refs"]?[name]?["snapshot-id"]?.GetValue<long>();

    private static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    private static int HighestId(JsonNode node) => node switch
    {
        JsonObject o => Math.Max(o["id"] is JsonValue v && v.TryGetValue<int>(out var id) ? id : 0, o.Select(p => p.Value is null ? 0 : HighestId(p.Value)).DefaultIfEmpty(0).Max()),
        JsonArray a => a.Select(e => e is null ? 0 : HighestId(e)).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static string Key(IEnumerable<string> ns, string table) => $"{string.Join('.', ns)}.{table}";

    private static (int, JsonNode?) Error(int code, string type, string message) =>
        (code, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code } });
}
