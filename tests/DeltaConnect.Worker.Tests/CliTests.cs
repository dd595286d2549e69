using System.CommandLine;
using System.Reflection;
using DeltaConnect.Testing.Servers;

namespace DeltaConnect.Worker.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Help_describes_the_product_and_lists_help_and_version_options()
    {
        var (exitCode, output, _) = await InvokeAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains(DeltaConnectCli.Description, output, StringComparison.Ordinal);
        Assert.Contains("--help", output, StringComparison.Ordinal);
        Assert.Contains("--version", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_informational_version_of_the_executable()
    {
        var expected = typeof(DeltaConnectCli).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var (exitCode, output, _) = await InvokeAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.Equal(expected, output.Trim());
        Assert.StartsWith("0.1.0", expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_fails_and_names_the_option()
    {
        var (exitCode, _, error) = await InvokeAsync("--no-such-option");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--no-such-option", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_named_deltaconnect_prints_its_usage()
    {
        // Runs the built executable as a separate process, the way a user runs it.
        var executable = Path.Combine(AppContext.BaseDirectory, "deltaconnect.dll");

        var output = await ExternalCommand.RunAsync(
            "dotnet", [executable, "--help"], TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("deltaconnect [command] [options]", output, StringComparison.Ordinal);
        Assert.Contains("broker", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugins_list_shows_the_first_party_plugins_with_versions_and_aliases()
    {
        var (exitCode, output, _) = await InvokeAsync("plugins", "list");

        Assert.Equal(0, exitCode);
        Assert.Contains("Source:", output, StringComparison.Ordinal);
        Assert.Contains("Processor:", output, StringComparison.Ordinal);
        var postgres = Assert.Single(output.Split('\n'), l => l.Contains("DeltaConnect.Plugins.Postgres.PostgresConnector ", StringComparison.Ordinal));
        Assert.Contains("io.debezium.connector.postgresql.PostgresConnector", postgres, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("plugins", "DeltaConnect.Plugins.Postgres"), postgres, StringComparison.Ordinal);
        Assert.Contains("DeltaConnect.Plugins.Iceberg.Sink.IcebergSinkConnector", output, StringComparison.Ordinal);
        Assert.Contains("org.apache.kafka.connect.json.JsonConverter", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_verb_requires_a_data_directory()
    {
        var (exitCode, _, error) = await InvokeAsync("broker", "--listen", "127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--data-dir", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_verb_rejects_a_listen_address_that_is_not_host_and_port_and_names_the_option()
    {
        var (exitCode, _, error) = await InvokeAsync("broker", "--listen", "localhost", "--data-dir", Path.GetTempPath());

        Assert.Equal(2, exitCode);
        Assert.Contains("--listen localhost", error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9092", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_verb_rejects_an_invalid_topic_default_and_names_the_config()
    {
        var (exitCode, _, error) = await InvokeAsync("broker", "--listen", "127.0.0.1:0", "--data-dir", Path.GetTempPath(), "--topic-default", "retention.ms=forever");

        Assert.Equal(2, exitCode);
        Assert.Contains("retention.ms=forever is invalid", error, StringComparison.Ordinal);
    }

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
