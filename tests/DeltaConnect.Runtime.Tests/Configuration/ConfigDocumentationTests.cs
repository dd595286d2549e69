using DeltaConnect.Runtime.Configuration;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Testing.Servers;

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
        var docs = File.ReadAllText(Path.Combine(TestRunDirectory.FindRepositoryRoot()!, "docs", "worker.md"));
        var start = $"<!-- config-table:{table} -->\n";
        var end = $"<!-- /config-table:{table} -->";
        var from = docs.IndexOf(start, StringComparison.Ordinal);
        var to = docs.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"docs/worker.md lacks the {start.Trim()} ... {end} markers");
        var expected = ConfigDocumentation.Table(definition);
        Assert.True(docs[(from + start.Length)..to] == expected, $"docs/worker.md table '{table}' is out of date; it should read:\n{expected}");
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
