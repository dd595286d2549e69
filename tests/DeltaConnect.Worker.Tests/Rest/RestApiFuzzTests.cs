using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Worker.Tests.Rest;

/// <summary>
/// Random and mutated requests over every route: odd path segments, query values, JSON bodies (valid ones mutated,
/// random documents, deep nesting), wrong content types, huge bodies. The API must never answer 5xx, and every error
/// must carry <c>{"error_code", "message"}</c>. The seed is printed on failure (set REST_FUZZ_SEED to replay).
/// </summary>
public sealed class RestApiFuzzTests(BrokerFixture broker)
{
    private const int Requests = 400;

    private static readonly string[] Templates =
    [
        "/", "/health", "/openapi.json", "/connectors", "/connectors/{name}", "/connectors/{name}/config", "/connectors/{name}/status",
        "/connectors/{name}/tasks", "/connectors/{name}/tasks/{task}/status", "/connectors/{name}/tasks/{task}/restart",
        "/connectors/{name}/pause", "/connectors/{name}/resume", "/connectors/{name}/stop", "/connectors/{name}/restart",
        "/connectors/{name}/offsets", "/connectors/{name}/topics", "/connectors/{name}/topics/reset", "/connector-plugins",
        "/connector-plugins/{plugin}/config", "/connector-plugins/{plugin}/config/validate", "/admin/loggers", "/admin/loggers/{logger}",
        "/{name}", "/connectors/{name}/{name}",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private static readonly string[] Names =
    [
        // No %00: Kestrel rejects a NUL in the path while parsing the request line (400, connection closed), before the app.
        "src", "sink", "missing", "", " ", "a%2Fb", "%01", "%FF%FE", "..", "%2E%2E", "名前", "a b", "a%20b", "x;y", "%25", "{name}",
        "~!@$&'()*+,;=", new string('n', 3000), "connector-%0A-newline", "-1",
    ];

    private static readonly string[] Queries =
    [
        "", "?expand=status", "?expand=info&expand=status", "?expand=bogus", "?includeTasks=true&onlyFailed=true", "?includeTasks=maybe",
        "?onlyFailed=%00", "?connectorsOnly=false", "?connectorsOnly=1", "?scope=cluster", "?scope=galaxy", "?expand=", "?&&&==",
    ];

    private static readonly string[] ContentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/merge-patch+json", "multipart/form-data; boundary=x"];

    private static readonly string[] Seeds =
    [
        """{"name":"fz","config":{"connector.class":"SecretSourceConnector","topic":"t","api.password":"abcdefgh12"}}""",
        """{"connector.class":"FileStreamSinkConnector","topics":"t","file":"/tmp/fz.txt","tasks.max":"2"}""",
        """{"offsets":[{"partition":{"kafka_topic":"t","kafka_partition":0},"offset":{"kafka_offset":5}}]}""",
        """{"offsets":[{"partition":{"source":"secret"},"offset":null}]}""",
        """{"level":"DEBUG"}""",
        """{"name":"fz2","config":{"connector.class":"SecretSourceConnector"},"initial_state":"STOPPED"}""",
        """{"a":null,"b":1,"c":true,"d":[1,2],"e":{"f":"g"}}""",
    ];

    [Fact]
    public async Task Random_requests_never_get_a_5xx_and_errors_always_have_the_error_body()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("REST_FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        var random = new Random(seed);
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers, new() { ["rest.request.max.bytes"] = "65536" });
        using var api = RestApi.For(scenario);
        (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "src", config = RestApiContractTests.SourceConfig(scenario.Topic("t")) })).Expect(HttpStatusCode.Created);
        var sinkConfig = new Dictionary<string, string> { ["connector.class"] = "FileStreamSinkConnector", ["topics"] = scenario.Topic("t"), ["file"] = scenario.Path("sink.txt") };
        (await api.SendJsonAsync(HttpMethod.Post, "/connectors", new { name = "sink", config = sinkConfig })).Expect(HttpStatusCode.Created);

        var previous = "(none)";
        for (var i = 0; i < Requests; i++)
        {
            var method = Pick(random, Methods);
            var path = Pick(random, Templates)
                .Replace("{name}", Pick(random, Names), StringComparison.Ordinal)
                .Replace("{task}", Pick(random, ["0", "1", "-1", "x", "99999999999", "%20"]), StringComparison.Ordinal)
                .Replace("{plugin}", Pick(random, ["SecretSourceConnector", "FileStreamSinkConnector", "Nope", "%2E", "InsertField%2BValue"]), StringComparison.Ordinal)
                .Replace("{logger}", Pick(random, ["root", "DeltaConnect", "DeltaConnect.Herder", "Nope.Nothing", "%7F"]), StringComparison.Ordinal)
                + Pick(random, Queries);
            string? body = method is "GET" or "HEAD" && random.Next(4) != 0 ? null : Body(random);
            var contentType = random.Next(5) == 0 ? Pick(random, ContentTypes) : "application/json";

            Reply reply;
            try
            {
                reply = await api.SendAsync(new HttpMethod(method), path, body, contentType);
            }
            catch (HttpRequestException e)
            {
                Assert.Fail($"seed {seed}, request {i}: {method} {path} ({contentType}, {body?.Length ?? 0} bytes) broke the connection (previous request: {previous}): {e}");
                throw;
            }

            var context = $"seed {seed}, request {i}: {method} {path} ({contentType}) body {Shorten(body)} → {(int)reply.Status} {Shorten(reply.Body)}";
            Assert.True((int)reply.Status < 500, context);
            previous = Shorten(context);
            if ((int)reply.Status >= 400 && method != "HEAD")
            {
                using var json = Parse(reply.Body, context);
                Assert.True(json.RootElement.ValueKind == JsonValueKind.Object, context);
                Assert.True(json.RootElement.TryGetProperty("error_code", out var code) && code.GetInt32() == (int)reply.Status, context);
                Assert.True(json.RootElement.TryGetProperty("message", out var message) && message.GetString()!.Length > 0, context);
            }
        }
    }

    private static string? Body(Random random) => random.Next(12) switch
    {
        0 => null,
        1 => "",
        2 => new string('[', random.Next(50, 400)) + new string(']', random.Next(0, 400)),
        3 => "{\"a\":\"" + new string('x', random.Next(70_000, 200_000)) + "\"}",
        4 => RandomJson(random, depth: 0),
        5 => Encoding.Latin1.GetString([.. Enumerable.Range(0, random.Next(1, 200)).Select(_ => (byte)random.Next(256))]),
        _ => Mutate(random, Pick(random, Seeds)),
    };

    private static string Mutate(Random random, string json)
    {
        var text = new StringBuilder(json);
        var edits = random.Next(0, 4);
        for (var e = 0; e < edits && text.Length > 0; e++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, Pick(random, ["{", "}", "[", "]", ",", ":", "\"", "null", "1e999", "-0", "\\u0000", "\\", "true", "\uFFFF"]));
                    break;
                case 2:
                    text[at] = (char)random.Next(32, 127);
                    break;
                case 3:
                    text.Replace("\"t\"", Pick(random, ["null", "1", "[]", "{}", "\"\"", "\"" + new string('z', 5000) + "\""]));
                    break;
                default:
                    text.Replace(":5", Pick(random, [":-5", ":\"5\"", ":5.5", ":99999999999999999999", ":null"]));
                    break;
            }
        }

        return text.ToString();
    }

    private static string RandomJson(Random random, int depth) => (depth > 4 ? random.Next(4) : random.Next(7)) switch
    {
        0 => "null",
        1 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        2 => "\"" + Pick(random, ["", "x", "connector.class", "[hidden]", "ü", "\\n"]) + "\"",
        3 => random.Next(2) == 0 ? "true" : "false",
        4 or 5 => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
            "\"" + Pick(random, ["name", "config", "offsets", "partition", "offset", "level", "initial_state", "connector.class", "topics", "kafka_offset"]) + "\":" + RandomJson(random, depth + 1))) + "}",
        _ => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomJson(random, depth + 1))) + "]",
    };

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length > 300 ? text[..300] + $"... ({text.Length} chars)" : text;

    private static JsonDocument Parse(string body, string context)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            Assert.Fail($"{context}: the error body is not JSON");
            throw;
        }
    }
}
