using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Testing.Docs;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaConnect.Worker.Tests;

/// <summary>Each connector page under docs/connectors documents exactly the options the connector's ConfigDef declares.</summary>
public sealed class ConnectorDocumentationTests
{
    public static TheoryData<string, string, string> Pages() => new()
    {
        { "postgres.md", "PostgresConnector", "Source" },
        { "iceberg.md", "IcebergSinkConnector", "Sink" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_options_table_matches_the_config_definition(string page, string connector, string kind)
    {
        var registry = PluginRegistry.Scan([PluginPath.Default], [], NullLogger.Instance);
        var definition = registry.Create<Connector>(registry.Resolve(Enum.Parse<PluginKind>(kind), connector)).Config;
        var actual = DocsSection.ConfigTable($"connectors/{page}", "connector", out var problem);
        Assert.True(actual is not null, problem);
        var expected = ConfigDocumentation.Table(definition);
        Assert.True(actual == expected, $"docs/connectors/{page} options table is out of date; it should read:\n{expected}");
    }
}
