using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeltaConnect.Worker.Tests.Rest;

/// <summary>A real HttpClient against a worker's REST API, with the checks every test makes on responses.</summary>
internal sealed class RestApi(string baseAddress, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(handler ?? new HttpClientHandler()) { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(60) };

    public HttpRequestHeaders Headers => _http.DefaultRequestHeaders;

    public static RestApi For(WorkerScenario scenario) => new(scenario.Host!.Rest.Addresses[0]);

    public Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (authorization is not null)
        {
            request.Headers.Authorization = authorization;
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Reply(response.StatusCode, text, response.Headers.WwwAuthenticate.ToString(), response.Headers.Location?.ToString());
    }

    public Task<Reply> SendJsonAsync(HttpMethod method, string path, object body) => SendAsync(method, path, JsonSerializer.Serialize(body));

    public void Dispose() => _http.Dispose();
}

/// <summary>A response: status, body text (and JSON), and the headers tests look at.</summary>
internal sealed record Reply(HttpStatusCode Status, string Body, string WwwAuthenticate, string? Location)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public JsonElement Expect(HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status}, got {(int)Status}: {Body}");
        return Body.Length == 0 ? default : Json;
    }

    /// <summary>Asserts an error response: the status and Kafka Connect's <c>{"error_code", "message"}</c> body.</summary>
    public string ExpectError(HttpStatusCode status)
    {
        var json = Expect(status);
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal((int)status, json.GetProperty("error_code").GetInt32());
        var message = json.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.Equal(2, json.EnumerateObject().Count());
        return message!;
    }
}
