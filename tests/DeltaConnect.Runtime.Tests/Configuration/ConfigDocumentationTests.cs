using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Testing.Docs;

namespace DeltaConnect.Runtime.Tests.Configuration;

/// <summary>The settings tables in docs/worker.md are exactly what the ConfigDefs declare.</summary>
public sealed class ConfigDocumentationTests
{
    public static TheoryData<string> Tables() => ["worker", "connector", "sink", "processor"];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Docs_table_matches_the_config_definition(string table)
    {
        ConfigDef definition = table switch
        {
            "worker" => WorkerConfig.ConfigDef,
            "connector" => ConnectorConfig.BaseDefinition,
            "sink" => Without(SinkConnectorConfig.ConfigDef, ConnectorConfig.BaseDefinition),
            _ => Without(ProcessorConnectorConfig.ConfigDef, SinkConnectorConfig.ConfigDef),
        };
        var actual = DocsSection.ConfigTable("worker.md", table, out var problem);
        Assert.True(actual is not null, problem);
        var expected = ConfigDocumentation.Table(definition);
        Assert.True(actual == expected, $"docs/worker.md table '{table}' is out of date; it should read:\n{expected}");
    }

    /// <summary>The keys of <paramref name="definition"/> that <paramref name="inherited"/> does not have.</summary>
    private static ConfigDef Without(ConfigDef definition, ConfigDef inherited)
    {
        var own = new ConfigDef();
        foreach (var key in definition.ConfigKeys.Values.Where(k => !inherited.ConfigKeys.ContainsKey(k.Name)))
        {
            own.Define(key.Name, key.Type, key.DefaultValue, key.Validator, key.Importance, key.Documentation, key.Group, key.OrderInGroup);
        }

        return own;
    }
}
