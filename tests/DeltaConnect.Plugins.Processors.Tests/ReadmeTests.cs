using System.Text;
using DeltaConnect.Plugins.Processors.Stateful;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Tests;

/// <summary>
/// The plugin README documents every transform and predicate with exactly the options, types, defaults and aliases
/// their config definitions declare: the README is checked against the code, so the two cannot drift.
/// </summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "plugins", "DeltaConnect.Plugins.Processors", "README.md"));

    public static TheoryData<string> Plugins => [.. PluginCatalogTests.PluginTypes.Select(t => (t.DeclaringType ?? t).Name).Distinct()];

    [Theory]
    [MemberData(nameof(Plugins))]
    public void The_readme_documents_the_plugin_exactly_as_declared(string plugin)
    {
        var expected = Section(plugin);

        Assert.True(Readme.Contains(expected, StringComparison.Ordinal), $"README.md should contain, exactly:\n\n{expected}");
    }

    internal static string Section(string plugin)
    {
        var types = PluginCatalogTests.PluginTypes.Where(t => (t.DeclaringType ?? t).Name == plugin).ToList();
        var text = new StringBuilder();
        text.Append("### ").Append(plugin).Append('\n').Append('\n');
        text.Append("Types: ").Append(string.Join(", ", types.Select(t => $"`{t.FullName}`"))).Append('\n').Append('\n');
        text.Append("Aliases: ").Append(string.Join(", ", types.Select(t => $"`{PluginCatalogTests.Alias(t)}`"))).Append('\n').Append('\n');
        return text.Append(OptionsTable(ConfigOf(types[0]))).ToString();
    }

    [Fact]
    public void The_readme_documents_the_Deduplicate_processor_exactly_as_declared()
    {
        var expected = "### Deduplicate\n\nType: `DeltaConnect.Plugins.Processors.Stateful.DeduplicateConnector` (a processor connector)\n\n"
            + "Names: `DeduplicateConnector`, `Deduplicate`\n\n" + OptionsTable(DeduplicateConnector.Definition);

        Assert.True(Readme.Contains(expected, StringComparison.Ordinal), $"README.md should contain, exactly:\n\n{expected}");
    }

    private static string OptionsTable(ConfigDef config)
    {
        var text = new StringBuilder();
        if (config.ConfigKeys.Count == 0)
        {
            return "No options.\n";
        }

        text.Append("| Option | Type | Default | Valid values | Importance | Description |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var name in config.Names)
        {
            var key = config.ConfigKeys[name];
            Assert.DoesNotContain("|", key.Documentation, StringComparison.Ordinal);
            text.Append($"| `{key.Name}` | {key.Type.ToString().ToLowerInvariant()} | {Default(key)} | {key.Validator?.Describe() ?? ""} | {key.Importance.ToString().ToLowerInvariant()} | {key.Documentation} |\n");
        }

        return text.ToString();
    }

    private static string Default(ConfigKey key) => !key.HasDefault
        ? "required"
        : ConfigDef.FormatValue(key.Type, key.DefaultValue) switch
        {
            null => "`null`",
            "" => "`\"\"`",
            var value => $"`{value}`",
        };

    private static ConfigDef ConfigOf(Type type)
    {
        using var plugin = (IDisposable)Activator.CreateInstance(type)!;
        return plugin is Transformation transform ? transform.Config : ((Predicate)plugin).Config;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DeltaConnect.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DeltaConnect.sln not found above " + AppContext.BaseDirectory);
    }
}
