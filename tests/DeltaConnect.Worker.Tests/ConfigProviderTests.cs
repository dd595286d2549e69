using System.Text;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Worker.Tests;

/// <summary>Config provider variables resolved at start, stored unresolved, on a real worker and broker.</summary>
public sealed class ConfigProviderTests(BrokerFixture broker)
{
    [Fact]
    public async Task File_variables_resolve_for_the_task_while_the_config_topic_keeps_the_variables()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers, new() { ["config.providers"] = "file" });
        var secretName = $"input-{Guid.NewGuid():N}.txt";
        var input = scenario.Path(secretName);
        await File.WriteAllLinesAsync(input, ["one", "two", "three"], TestContext.Current.CancellationToken);
        var properties = scenario.Path("connector.properties");
        await File.WriteAllTextAsync(properties, $"input={input}\ntopic={scenario.Topic("resolved")}\n", TestContext.Current.CancellationToken);

        await scenario.CreateConnectorAsync("file-source", new()
        {
            ["connector.class"] = "FileStreamSource",
            ["file"] = $"${{file:{properties}:input}}",
            ["topic"] = $"${{file:{properties}:topic}}",
            ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        });

        var records = scenario.ReadTopic(scenario.Topic("resolved"), expectedAtLeast: 3);
        Assert.Equal(["one", "two", "three"], records.Select(r => Encoding.UTF8.GetString(r.Message.Value!)));

        // Neither the connector config nor the task configs in the config topic hold a resolved value.
        var stored = scenario.ReadTopic(scenario.Topic("configs"), expectedAtLeast: 3)
            .Where(r => r.Message.Value is not null)
            .GroupBy(r => Encoding.UTF8.GetString(r.Message.Key!))
            .ToDictionary(g => g.Key, g => Encoding.UTF8.GetString(g.Last().Message.Value!));
        Assert.Contains("${file:", stored["connector-file-source"], StringComparison.Ordinal);
        Assert.Contains("${file:", stored["task-file-source-0"], StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Values, v => v.Contains(secretName, StringComparison.Ordinal));
        Assert.Equal($"${{file:{properties}:input}}", scenario.Host!.Herder.TaskConfigs("file-source")[0]["file"]);
    }

    [Fact]
    public async Task An_unresolvable_variable_is_refused_naming_the_option()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers, new() { ["config.providers"] = "env" });
        var variable = "DC_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        var error = await Assert.ThrowsAsync<ConfigException>(() => scenario.CreateConnectorAsync("file-source", new()
        {
            ["connector.class"] = "FileStreamSource",
            ["file"] = $"${{env:{variable}}}",
            ["topic"] = scenario.Topic("never"),
        }));

        Assert.Contains("file", error.Message, StringComparison.Ordinal);
        Assert.Contains($"environment variable {variable} is not set", error.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Host!.Herder.Connectors);
    }
}
