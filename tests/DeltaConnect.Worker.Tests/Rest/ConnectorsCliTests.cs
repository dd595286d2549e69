using System.CommandLine;
using System.Text.Json;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Worker.Tests.Rest;

/// <summary><c>deltaconnect connectors ...</c> against a real worker's REST API.</summary>
public sealed class ConnectorsCliTests(BrokerFixture broker)
{
    [Fact]
    public async Task Connector_verbs_drive_the_whole_lifecycle_through_the_api()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var url = scenario.Host!.Rest.Addresses[0];
        var input = scenario.Path("input.txt");
        await File.WriteAllLinesAsync(input, ["a", "b", "c"], TestContext.Current.CancellationToken);
        var body = scenario.Path("source.json");
        await File.WriteAllTextAsync(body, JsonSerializer.Serialize(new
        {
            name = "cli-source",
            config = new Dictionary<string, string> { ["connector.class"] = "FileStreamSource", ["file"] = input, ["topic"] = scenario.Topic("cli") },
        }), TestContext.Current.CancellationToken);

        var created = await InvokeAsync("connectors", "create", body, "--url", url);
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Equal("cli-source", Json(created.Output).GetProperty("name").GetString());

        var again = await InvokeAsync("connectors", "create", body, "--url", url);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("409 ", again.Error, StringComparison.Ordinal);

        await scenario.WaitForTaskStateAsync("cli-source", WorkerState.Running);
        var list = await InvokeAsync("connectors", "list", "--url", url, "--expand", "status");
        Assert.Equal("RUNNING", Json(list.Output).GetProperty("cli-source").GetProperty("status").GetProperty("connector").GetProperty("state").GetString());

        Assert.Equal(0, (await InvokeAsync("connectors", "stop", "cli-source", "--url", url)).ExitCode);
        var status = await InvokeAsync("connectors", "status", "cli-source", "--url", url);
        Assert.Equal("STOPPED", Json(status.Output).GetProperty("connector").GetProperty("state").GetString());

        scenario.ReadTopic(scenario.Topic("cli"), expectedAtLeast: 3);
        var offsets = await WaitForOffsetsAsync(url);
        Assert.Equal(3 * 2, offsets.GetProperty("offsets")[0].GetProperty("offset").GetProperty("position").GetInt64());

        var reset = await InvokeAsync("connectors", "offsets", "cli-source", "--reset", "--url", url);
        Assert.True(reset.ExitCode == 0, reset.Error);
        Assert.Empty(Json((await InvokeAsync("connectors", "offsets", "cli-source", "--url", url)).Output).GetProperty("offsets").EnumerateArray());

        Assert.Equal(0, (await InvokeAsync("connectors", "resume", "cli-source", "--url", url)).ExitCode);
        var restart = await InvokeAsync("connectors", "restart", "cli-source", "--include-tasks", "--url", url);
        Assert.True(restart.ExitCode == 0, restart.Error);
        Assert.Equal(0, (await InvokeAsync("connectors", "delete", "cli-source", "--url", url)).ExitCode);

        var missing = await InvokeAsync("connectors", "get", "cli-source", "--url", url);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("404", missing.Error, StringComparison.Ordinal);
        Assert.Contains("cli-source", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_worker_and_bad_input_files_are_explained()
    {
        var unreachable = await InvokeAsync("connectors", "list", "--url", "http://127.0.0.1:1");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("Cannot reach the worker", unreachable.Error, StringComparison.Ordinal);

        var badUrl = await InvokeAsync("connectors", "list", "--url", "ftp://example");
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("--url", badUrl.Error, StringComparison.Ordinal);

        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{not json", TestContext.Current.CancellationToken);
        try
        {
            var badJson = await InvokeAsync("connectors", "create", file, "--url", "http://127.0.0.1:1");
            Assert.Equal(2, badJson.ExitCode);
            Assert.Contains("is not valid JSON", badJson.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<JsonElement> WaitForOffsetsAsync(string url)
    {
        // Offsets reach the offsets topic on the flush interval or when the task stops; the stop above flushed them.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var result = await InvokeAsync("connectors", "offsets", "cli-source", "--url", url);
            Assert.True(result.ExitCode == 0, result.Error);
            var json = Json(result.Output);
            if (json.GetProperty("offsets").GetArrayLength() > 0 || DateTime.UtcNow > deadline)
            {
                return json;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DeltaConnectCli.Create()
            .Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }
}
