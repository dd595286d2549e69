using System.Runtime.Loader;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>
/// Each plugin directory has its own load context: two plugins carrying different versions of Newtonsoft.Json run
/// side by side in one process, each with its own copy, while both share the host's SDK types.
/// </summary>
public sealed class PluginIsolationTests
{
    private readonly PluginRegistry _registry = PluginRegistry.Scan([TestPluginDirectories.JsonOld, TestPluginDirectories.JsonNew], [], new RecordingLogger());

    [Fact]
    public async Task Two_plugins_with_conflicting_versions_of_a_library_each_use_their_own_copy()
    {
        var oldPlugin = _registry.Resolve(PluginKind.Source, "JsonEchoSource", version: "1.0.0");
        var newPlugin = _registry.Resolve(PluginKind.Source, "JsonEchoSource", version: "2.0.0");

        var oldTask = await StartAndGetTaskConfigAsync(_registry.Create<SourceConnector>(oldPlugin), "hi");
        var newTask = await StartAndGetTaskConfigAsync(_registry.Create<SourceConnector>(newPlugin), "hi");

        Assert.Empty(_registry.Errors);
        Assert.Equal("12.0.0.0", oldTask["json.library.version"]);
        Assert.Equal("13.0.0.0", newTask["json.library.version"]);
        Assert.Equal(Path.Combine(TestPluginDirectories.JsonOld, "Newtonsoft.Json.dll"), oldTask["json.library.location"]);
        Assert.Equal(Path.Combine(TestPluginDirectories.JsonNew, "Newtonsoft.Json.dll"), newTask["json.library.location"]);
        Assert.Equal("""{"message":"hi","plugin":"1.0.0"}""", oldTask["json"]);
        Assert.Equal("""{"message":"hi","plugin":"2.0.0"}""", newTask["json"]);
    }

    [Fact]
    public void Each_plugin_directory_gets_its_own_load_context_and_the_host_loads_neither_library_copy()
    {
        var oldContext = AssemblyLoadContext.GetLoadContext(_registry.Resolve(PluginKind.Transformation, "json-old").Type.Assembly);
        var newContext = AssemblyLoadContext.GetLoadContext(_registry.Resolve(PluginKind.Transformation, "json-new").Type.Assembly);

        Assert.NotNull(oldContext);
        Assert.NotNull(newContext);
        Assert.NotSame(oldContext, newContext);
        Assert.NotSame(AssemblyLoadContext.Default, oldContext);
        Assert.NotSame(AssemblyLoadContext.Default, newContext);
        Assert.Same(oldContext, AssemblyLoadContext.GetLoadContext(_registry.Resolve(PluginKind.Source, "json-echo", version: "1.0.0").Type.Assembly));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Newtonsoft.Json");
    }

    [Fact]
    public void Transforms_from_both_plugins_serialize_with_their_own_library_version()
    {
        var record = new SourceRecord(new Dictionary<string, object?>(), new Dictionary<string, object?>(), "orders", null, new Dictionary<string, object?> { ["id"] = 7 });
        using var oldTransform = _registry.Create<Transformation>(_registry.Resolve(PluginKind.Transformation, "json-old"));
        using var newTransform = _registry.Create<Transformation>(_registry.Resolve(PluginKind.Transformation, "json-new"));

        var oldResult = oldTransform.Apply(record)!;
        var newResult = newTransform.Apply(record)!;

        Assert.Equal("""{"id":7}""", oldResult.Value);
        Assert.Equal("""{"id":7}""", newResult.Value);
        Assert.Same(Schema.String, oldResult.ValueSchema);
        Assert.Equal("12.0.0.0", oldResult.Headers.LastWithName("json.library.version")?.Value);
        Assert.Equal("13.0.0.0", newResult.Headers.LastWithName("json.library.version")?.Value);
    }

    [Fact]
    public void Plugins_share_the_hosts_SDK_types()
    {
        var plugin = _registry.Resolve(PluginKind.Source, "json-echo");

        var connector = _registry.Create<SourceConnector>(plugin);

        Assert.True(plugin.Type.IsSubclassOf(typeof(SourceConnector)));
        Assert.IsAssignableFrom<SourceConnector>(connector);
        var pluginContext = AssemblyLoadContext.GetLoadContext(plugin.Type.Assembly)!;
        Assert.DoesNotContain(pluginContext.Assemblies, a => a.GetName().Name == "DeltaConnect.Sdk");
        Assert.Same(typeof(Connector).Assembly, plugin.Type.BaseType!.Assembly);
    }

    [Fact]
    public void The_same_plugin_in_two_directories_is_kept_at_both_versions_and_resolves_to_the_highest()
    {
        var installed = _registry.PluginsOf(PluginKind.Source).Where(p => p.TypeName == "DeltaConnect.TestPlugins.Json.JsonEchoSourceConnector").ToList();

        var resolved = _registry.Resolve(PluginKind.Source, "DeltaConnect.TestPlugins.Json.JsonEchoSourceConnector");

        Assert.Equal(["1.0.0", "2.0.0"], installed.Select(p => p.Version).Order());
        Assert.Equal("2.0.0", resolved.Version);
        Assert.Equal(TestPluginDirectories.JsonNew, resolved.Location);
        Assert.Equal("2.0.0", _registry.Resolve(PluginKind.Source, "json-echo").Version);
        Assert.Equal("1.0.0", _registry.Resolve(PluginKind.Source, "JsonEchoSourceConnector", version: "1.0.0").Version);
    }

    [Fact]
    public void A_directory_of_plugin_directories_and_a_plugin_directory_are_both_plugin_path_entries()
    {
        using var scratch = new ScratchDirectory();
        var parent = Path.Combine(scratch.Path, "many");
        TestPluginDirectories.CopyPlugin(TestPluginDirectories.JsonOld, parent);
        var single = TestPluginDirectories.CopyPlugin(TestPluginDirectories.JsonNew, scratch.Path);

        var registry = PluginRegistry.Scan([parent, single], [], new RecordingLogger());

        Assert.Empty(registry.Errors);
        Assert.Equal(
            [Path.Combine(parent, "DeltaConnect.TestPlugins.JsonOld"), single],
            registry.Plugins.Select(p => p.Location).Distinct());
    }

    [Fact]
    public async Task A_plugin_directory_without_deps_json_and_with_its_own_copy_of_the_SDK_still_shares_the_hosts_SDK()
    {
        using var scratch = new ScratchDirectory();
        var plugin = TestPluginDirectories.CopyPlugin(TestPluginDirectories.JsonOld, scratch.Path);
        File.Delete(Path.Combine(plugin, "DeltaConnect.TestPlugins.JsonOld.deps.json"));
        File.Copy(typeof(Connector).Assembly.Location, Path.Combine(plugin, "DeltaConnect.Sdk.dll"));
        var logger = new RecordingLogger();

        var registry = PluginRegistry.Scan([plugin], [], logger);
        var echo = registry.Resolve(PluginKind.Source, "json-echo");
        var taskConfig = await StartAndGetTaskConfigAsync(registry.Create<SourceConnector>(echo), "hi");

        Assert.Empty(registry.Errors);
        Assert.Contains(logger.Warnings, w => w.Contains($"Plugin directory {plugin} holds a copy of DeltaConnect.Sdk", StringComparison.Ordinal));
        Assert.Equal(plugin, echo.Location);
        Assert.Equal("12.0.0.0", taskConfig["json.library.version"]);
        Assert.Same(typeof(Connector).Assembly, echo.Type.BaseType!.Assembly);
        Assert.DoesNotContain(AssemblyLoadContext.GetLoadContext(echo.Type.Assembly)!.Assemblies, a => a.GetName().Name == "DeltaConnect.Sdk");
    }

    private static async Task<IReadOnlyDictionary<string, string>> StartAndGetTaskConfigAsync(SourceConnector connector, string message)
    {
        await connector.StartAsync(new Dictionary<string, string> { ["message"] = message }, TestContext.Current.CancellationToken);
        return Assert.Single(connector.TaskConfigs(4));
    }
}
