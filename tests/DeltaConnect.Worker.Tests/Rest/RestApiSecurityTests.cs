using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Worker.Tests.TestPlugins;

namespace DeltaConnect.Worker.Tests.Rest;

/// <summary>Authentication (API keys, basic credentials, two roles), loopback-only without it, TLS, and secrets kept out of every response.</summary>
public sealed class RestApiSecurityTests(BrokerFixture broker)
{
    private const string AdminKey = "adm1n-key-0123";
    private const string ReaderKey = "r3ad-key-4567";

    [Fact]
    public async Task Without_credentials_401_read_only_cannot_mutate_403_admin_can()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers, new()
        {
            ["rest.auth.api.keys"] = $"admin:{AdminKey},read-only:{ReaderKey}",
            ["rest.auth.basic.users"] = "admin:alice:al1ce-pw,read-only:bob:b0b-pw",
        });
        using var api = RestApi.For(scenario);
        var create = System.Text.Json.JsonSerializer.Serialize(new { name = "src", config = RestApiContractTests.SourceConfig(scenario.Topic("t")) });

        var anonymous = await api.GetAsync("/connectors");
        anonymous.ExpectError(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", anonymous.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Contains("Basic", anonymous.WwwAuthenticate, StringComparison.Ordinal);
        (await api.SendAsync(HttpMethod.Post, "/connectors", create)).ExpectError(HttpStatusCode.Unauthorized);
        (await api.SendAsync(HttpMethod.Get, "/connectors", authorization: new AuthenticationHeaderValue("Bearer", "wrong"))).ExpectError(HttpStatusCode.Unauthorized);
        (await api.SendAsync(HttpMethod.Get, "/connectors", authorization: Basic("bob", "wrong"))).ExpectError(HttpStatusCode.Unauthorized);
        (await api.SendAsync(HttpMethod.Get, "/connectors", authorization: new AuthenticationHeaderValue("Basic", "%%%not-base64"))).ExpectError(HttpStatusCode.Unauthorized);
        (await api.GetAsync("/health")).Expect(HttpStatusCode.OK);

        var reader = new AuthenticationHeaderValue("Bearer", ReaderKey);
        (await api.SendAsync(HttpMethod.Get, "/connectors", authorization: reader)).Expect(HttpStatusCode.OK);
        (await api.SendAsync(HttpMethod.Post, "/connectors", create, authorization: reader)).ExpectError(HttpStatusCode.Forbidden);
        (await api.SendAsync(HttpMethod.Put, "/admin/loggers/root", """{"level":"DEBUG"}""", authorization: Basic("bob", "b0b-pw"))).ExpectError(HttpStatusCode.Forbidden);
        (await api.SendAsync(HttpMethod.Get, "/connector-plugins", authorization: Basic("bob", "b0b-pw"))).Expect(HttpStatusCode.OK);

        (await api.SendAsync(HttpMethod.Post, "/connectors", create, authorization: new AuthenticationHeaderValue("Bearer", AdminKey))).Expect(HttpStatusCode.Created);
        (await api.SendAsync(HttpMethod.Put, "/connectors/src/pause", authorization: Basic("alice", "al1ce-pw"))).Expect(HttpStatusCode.Accepted);
        api.Headers.Add("X-Api-Key", AdminKey);
        (await api.SendAsync(HttpMethod.Delete, "/connectors/src")).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_non_loopback_listener_without_credentials_refuses_to_start_naming_the_options()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => WorkerScenario.StartAsync(broker.BootstrapServers, new() { ["listeners"] = "http://0.0.0.0:0" }));
        Assert.Contains("listeners", error.Message, StringComparison.Ordinal);
        Assert.Contains("rest.auth.api.keys", error.Message, StringComparison.Ordinal);
        var malformed = await Assert.ThrowsAsync<ConfigException>(() => WorkerScenario.StartAsync(broker.BootstrapServers, new() { ["rest.auth.api.keys"] = "superuser:abc" }));
        Assert.Contains("rest.auth.api.keys", malformed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_listener_serves_with_the_configured_certificate()
    {
        var directory = Directory.CreateTempSubdirectory("rest-tls").FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certPath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers, new()
        {
            ["listeners"] = "https://127.0.0.1:0",
            ["rest.tls.certificate"] = certPath,
            ["rest.tls.key"] = keyPath,
        });
        string? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                presented = cert?.Thumbprint;
                return cert?.Thumbprint == certificate.Thumbprint;
            },
        };
        var address = scenario.Host!.Rest.Addresses[0];
        Assert.StartsWith("https://", address, StringComparison.Ordinal);
        using var api = new RestApi(address, handler);
        (await api.GetAsync("/connectors")).Expect(HttpStatusCode.OK);
        Assert.Equal(certificate.Thumbprint, presented);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_password_option_never_appears_in_any_response()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        using var api = RestApi.For(scenario);
        const string Secret = "Sup3r-S3cret-Passw0rd";
        var config = RestApiContractTests.SourceConfig(scenario.Topic("t"));
        config[SecretSourceConnector.Secret] = Secret;
        config["producer.override.ssl.key.password"] = Secret + "-client";
        var bodies = new List<string>();
        async Task<Reply> Call(HttpMethod method, string path, string? body = null)
        {
            var reply = await api.SendAsync(method, path, body);
            bodies.Add($"{method} {path} → {(int)reply.Status}: {reply.Body}");
            return reply;
        }

        (await Call(HttpMethod.Post, "/connectors", System.Text.Json.JsonSerializer.Serialize(new { name = "src", config }))).Expect(HttpStatusCode.Created);
        await scenario.WaitForTaskStateAsync("src", Runtime.Storage.WorkerState.Running);
        foreach (var path in new[]
        {
            "/connectors", "/connectors?expand=info", "/connectors?expand=status", "/connectors/src", "/connectors/src/config",
            "/connectors/src/tasks", "/connectors/src/status", "/connectors/src/tasks/0/status", "/connectors/src/offsets", "/connectors/src/topics",
        })
        {
            (await Call(HttpMethod.Get, path)).Expect(HttpStatusCode.OK);
        }

        var validateBody = System.Text.Json.JsonSerializer.Serialize(config);
        (await Call(HttpMethod.Put, "/connector-plugins/SecretSourceConnector/config/validate", validateBody)).Expect(HttpStatusCode.OK);
        // Invalid values next to the secret, and a secret that fails its own validator: errors must not quote either.
        var invalid = new Dictionary<string, string>(config) { ["tasks.max"] = "many", [SecretSourceConnector.Secret] = "short" };
        (await Call(HttpMethod.Put, "/connector-plugins/SecretSourceConnector/config/validate", System.Text.Json.JsonSerializer.Serialize(invalid))).Expect(HttpStatusCode.OK);
        var badPut = new Dictionary<string, string>(config) { ["topic"] = "" };
        (await Call(HttpMethod.Put, "/connectors/src/config", System.Text.Json.JsonSerializer.Serialize(badPut))).ExpectError(HttpStatusCode.BadRequest);
        (await Call(HttpMethod.Patch, "/connectors/src/config", """{"tasks.max": "1"}""")).Expect(HttpStatusCode.OK);
        (await Call(HttpMethod.Post, "/connectors/src/restart?includeTasks=true")).Expect(HttpStatusCode.Accepted);
        (await Call(HttpMethod.Put, "/connectors/src/config", System.Text.Json.JsonSerializer.Serialize(config))).Expect(HttpStatusCode.OK);

        Assert.True(bodies.Count >= 16);
        foreach (var body in bodies)
        {
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain("short", body, StringComparison.Ordinal);
        }

        Assert.Contains(bodies, b => b.Contains("[hidden]", StringComparison.Ordinal));
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
