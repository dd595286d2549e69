using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DeltaConnect.Plugins.Iceberg.Metadata;
using DeltaConnect.Plugins.Iceberg.Partitions;
using DeltaConnect.Plugins.Iceberg.Schema;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// A client of the Iceberg REST catalog API (apache/iceberg <c>open-api/rest-catalog-open-api.yaml</c>): <c>GET /v1/config</c>
/// for the path prefix, namespaces created when missing, tables loaded and created, and commits sent as requirements and
/// updates (<see cref="RestTable"/>). Authenticates with a bearer token or OAuth2 client credentials. The catalog
/// keeps the metadata; data files and manifests are written under the location it returns, which must be local.
/// Calls are synchronous (<see cref="HttpClient.Send(HttpRequestMessage)"/>), like the filesystem catalog's file I/O.
/// </summary>
internal sealed class RestCatalog : ICatalog
{
    private static readonly TimeSpan TokenRefreshMargin = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http;
    private readonly RestCatalogOptions _options;
    private string _basePath = "";
    private string? _token;
    private DateTimeOffset _tokenExpires = DateTimeOffset.MaxValue;

    private RestCatalog(RestCatalogOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _token = options.Token;
    }

    /// <summary>Connects: fetches a token when client credentials are given, then the catalog's config (its prefix).</summary>
    public static RestCatalog Connect(RestCatalogOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var catalog = new RestCatalog(options, handler);
        try
        {
            catalog.Configure();
            return catalog;
        }
        catch
        {
            catalog.Dispose();
            throw;
        }
    }

    public CatalogTable? LoadTable(TableIdentifier table)
    {
        var loaded = Load(table);
        return loaded is null ? null : new RestTable(this, table, loaded.Value.Metadata, loaded.Value.Location);
    }

    public CatalogTable CreateTable(TableIdentifier table, IcebergSchema schema, PartitionSpec? spec = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        using (var created = Send(HttpMethod.Post, "namespaces", new JsonObject
        {
            ["namespace"] = new JsonArray([.. table.Namespace.Select(n => (JsonNode?)n)]),
            ["properties"] = new JsonObject(),
        }))
        {
            if (created.StatusCode != HttpStatusCode.Conflict)
            {
                EnsureSuccess(created, $"create namespace {string.Join('.', table.Namespace)}");
            }
        }

        using var response = Send(HttpMethod.Post, $"namespaces/{Namespace(table)}/tables", new JsonObject
        {
            ["name"] = table.Name,
            ["schema"] = schema.ToJson(),
            ["partition-spec"] = (spec ?? PartitionSpec.Unpartitioned).ToJson(),
            ["write-order"] = new JsonObject { ["order-id"] = 0, ["fields"] = new JsonArray() },
            ["properties"] = new JsonObject { ["write.format.default"] = "parquet" },
        });
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new CommitConflictException($"Table {table} already exists in the REST catalog {_options.Uri}.");
        }

        var result = ReadLoadTableResult(response, $"create table {table}");
        return new RestTable(this, table, result.Metadata, result.Location);
    }

    public void Dispose() => _http.Dispose();

    /// <summary><c>GET .../tables/{table}</c>: the table's metadata and its location, or null when the catalog has no such table.</summary>
    internal (TableMetadata Metadata, string Location)? Load(TableIdentifier table)
    {
        using var response = Send(HttpMethod.Get, TablePath(table), body: null);
        return response.StatusCode == HttpStatusCode.NotFound ? null : ReadLoadTableResult(response, $"load table {table}");
    }

    /// <summary><c>POST .../tables/{table}</c> with requirements and updates; the caller interprets the status.</summary>
    internal HttpResponseMessage Commit(TableIdentifier table, JsonArray requirements, JsonArray updates) =>
        Send(HttpMethod.Post, TablePath(table), new JsonObject
        {
            ["identifier"] = new JsonObject
            {
                ["namespace"] = new JsonArray([.. table.Namespace.Select(n => (JsonNode?)n)]),
                ["name"] = table.Name,
            },
            ["requirements"] = requirements,
            ["updates"] = updates,
        });

    internal (TableMetadata Metadata, string Location) ReadLoadTableResult(HttpResponseMessage response, string what)
    {
        EnsureSuccess(response, what);
        var body = ReadJson(response, what);
        var metadata = body["metadata"] as JsonObject
            ?? throw new RestCatalogException($"The REST catalog's answer to {what} has no 'metadata' object.", (int)response.StatusCode);
        return (TableMetadata.Parse(metadata.ToJsonString()), body["metadata-location"]?.GetValue<string>() ?? "");
    }

    /// <summary>Throws a <see cref="RestCatalogException"/> naming the request, the status and the server's error message.</summary>
    internal void EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " Check iceberg.catalog.token or iceberg.catalog.credential."
            : "";
        throw new RestCatalogException($"REST catalog {_options.Uri}: {what} failed with HTTP {status}: {ErrorMessage(response)}.{hint}", status);
    }

    internal static string ErrorMessage(HttpResponseMessage response)
    {
        try
        {
            using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
            var text = reader.ReadToEnd();
            return JsonNode.Parse(text)?["error"] is JsonObject error
                ? $"{error["type"]?.GetValue<string>()}: {error["message"]?.GetValue<string>()}"
                : text.Length > 500 ? text[..500] : text;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return response.ReasonPhrase ?? "no error message";
        }
    }

    private void Configure()
    {
        if (_options.Credential is not null && _options.Token is null)
        {
            FetchToken();
        }

        var query = _options.Warehouse is { Length: > 0 } warehouse ? $"?warehouse={Uri.EscapeDataString(warehouse)}" : "";
        using var response = Send(HttpMethod.Get, Absolute($"v1/config{query}"), body: null);
        EnsureSuccess(response, "GET /v1/config");
        var config = ReadJson(response, "GET /v1/config");
        // Precedence as in Iceberg's clients: server defaults, then the client's own setting, then server overrides.
        var prefix = config["overrides"]?["prefix"]?.GetValue<string>()
            ?? (_options.Prefix is { Length: > 0 } configured ? configured : null)
            ?? config["defaults"]?["prefix"]?.GetValue<string>();
        _basePath = prefix is { Length: > 0 } ? $"v1/{prefix.Trim('/')}/" : "v1/";
    }

    private void FetchToken()
    {
        var credential = _options.Credential!;
        var colon = credential.IndexOf(':', StringComparison.Ordinal);
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (colon >= 0)
        {
            form.Add(new("client_id", credential[..colon]));
        }

        form.Add(new("client_secret", colon >= 0 ? credential[(colon + 1)..] : credential));
        form.Add(new("scope", "catalog"));
        var endpoint = _options.OAuth2ServerUri ?? new Uri(Absolute("v1/oauth/tokens"));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
        using var response = SendRaw(request, "POST /v1/oauth/tokens");
        EnsureSuccess(response, "OAuth2 token request (client credentials from iceberg.catalog.credential)");
        var token = ReadJson(response, "the OAuth2 token request");
        _token = token["access_token"]?.GetValue<string>()
            ?? throw new RestCatalogException("The OAuth2 token response has no access_token.", (int)response.StatusCode);
        _tokenExpires = token["expires_in"]?.GetValue<long>() is { } seconds
            ? DateTimeOffset.UtcNow.AddSeconds(seconds) - TokenRefreshMargin
            : DateTimeOffset.MaxValue;
    }

    private HttpResponseMessage Send(HttpMethod method, string path, JsonNode? body)
    {
        if (_options.Credential is not null && _options.Token is null && DateTimeOffset.UtcNow >= _tokenExpires)
        {
            FetchToken();
        }

        var url = path.StartsWith("http", StringComparison.Ordinal) ? path : Absolute(_basePath + path);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        return SendRaw(request, $"{method} {url}");
    }

    private HttpResponseMessage SendRaw(HttpRequestMessage request, string what)
    {
        try
        {
            return _http.Send(request);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new RestCatalogException($"REST catalog {_options.Uri}: {what} got no answer: {e.Message}", statusCode: null, e);
        }
    }

    private static JsonObject ReadJson(HttpResponseMessage response, string what)
    {
        using var stream = response.Content.ReadAsStream();
        return JsonNode.Parse(stream) as JsonObject
            ?? throw new RestCatalogException($"The REST catalog's answer to {what} is not a JSON object.", (int)response.StatusCode);
    }

    private string Absolute(string relative) => _options.Uri.AbsoluteUri.TrimEnd('/') + "/" + relative;

    private static string TablePath(TableIdentifier table) => $"namespaces/{Namespace(table)}/tables/{Uri.EscapeDataString(table.Name)}";

    /// <summary>Namespace levels joined by the unit separator (0x1F), as the spec encodes multi-level namespaces.</summary>
    private static string Namespace(TableIdentifier table) => Uri.EscapeDataString(string.Join('\u001f', table.Namespace));
}
