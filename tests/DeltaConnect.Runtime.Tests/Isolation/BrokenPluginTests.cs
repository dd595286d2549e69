using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>A broken plugin is reported with what is wrong and where, logged as a warning, and skipped; everything else still loads.</summary>
public sealed class BrokenPluginTests : IDisposable
{
    private readonly ScratchDirectory _pluginPath = new();
    private readonly RecordingLogger _logger = new();

    public void Dispose() => _pluginPath.Dispose();

    [Fact]
    public void A_dll_that_is_not_an_assembly_is_reported_and_skipped()
    {
        var broken = Directory.CreateDirectory(Path.Combine(_pluginPath.Path, "not-a-plugin")).FullName;
        File.WriteAllText(Path.Combine(broken, "readme.dll"), "This is a text file with a .dll name.");
        TestPluginDirectories.CopyPlugin(TestPluginDirectories.JsonOld, _pluginPath.Path);

        var registry = PluginRegistry.Scan([_pluginPath.Path], [], _logger);

        var error = Assert.Single(registry.Errors);
        Assert.Equal(broken, error.Location);
        Assert.Contains($"readme.dll in plugin directory {broken} is not a .NET assembly", error.Message, StringComparison.Ordinal);
        Assert.IsType<BadImageFormatException>(error.Exception);
        Assert.Contains(error.Message, _logger.Warnings);
        Assert.True(registry.TryResolve(PluginKind.Source, "json-echo", out _));
        Assert.True(registry.TryResolve(PluginKind.Transformation, "json-old", out _));
    }

    [Fact]
    public void A_plugin_missing_a_dependency_is_reported_and_skipped()
    {
        var broken = TestPluginDirectories.CopyPlugin(TestPluginDirectories.JsonNew, _pluginPath.Path);
        File.Delete(Path.Combine(broken, "Newtonsoft.Json.dll"));
        TestPluginDirectories.CopyPlugin(TestPluginDirectories.JsonOld, _pluginPath.Path);

        var registry = PluginRegistry.Scan([_pluginPath.Path], [], _logger);

        var error = Assert.Single(registry.Errors);
        Assert.Equal(broken, error.Location);
        Assert.Contains($"Plugin assembly DeltaConnect.TestPlugins.JsonNew.dll in {broken} depends on Newtonsoft.Json 13.0.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Install the plugin with all its dependencies", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Message, _logger.Warnings);
        Assert.DoesNotContain(registry.Plugins, p => p.Location == broken);
        Assert.False(registry.TryResolve(PluginKind.Transformation, "json-new", out _));
        Assert.Equal("1.0.0", registry.Resolve(PluginKind.Source, "json-echo").Version);
    }

    [Fact]
    public void A_connector_whose_constructor_throws_is_reported_and_skipped_and_the_rest_of_its_plugin_loads()
    {
        var registry = PluginRegistry.Scan([TestPluginDirectories.Root], [], _logger);

        var error = Assert.Single(registry.Errors, e => e.Message.Contains("ExplodingSourceConnector", StringComparison.Ordinal));
        Assert.Equal(TestPluginDirectories.Faulty, error.Location);
        Assert.Equal(
            $"Could not create DeltaConnect.TestPlugins.Faulty.ExplodingSourceConnector from {TestPluginDirectories.Faulty}: its constructor threw InvalidOperationException: No license key found in DELTACONNECT_LICENSE. The plugin was skipped.",
            error.Message);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Contains(error.Message, _logger.Warnings);
        Assert.False(registry.TryResolve(PluginKind.Source, "ExplodingSource", out _));
        Assert.Equal(TestPluginDirectories.Faulty, registry.Resolve(PluginKind.Transformation, "PassThroughTransform").Location);
        Assert.True(registry.TryResolve(PluginKind.Source, "json-echo", out _));
    }

    [Fact]
    public void A_plugin_without_a_public_parameterless_constructor_is_reported_and_skipped()
    {
        var registry = PluginRegistry.Scan([TestPluginDirectories.Faulty], [], _logger);

        var error = Assert.Single(registry.Errors, e => e.Message.Contains("ParameterizedPredicate", StringComparison.Ordinal));
        Assert.Equal(
            $"Plugin DeltaConnect.TestPlugins.Faulty.ParameterizedPredicate in {TestPluginDirectories.Faulty} was skipped: it has no public parameterless constructor, which the runtime needs to create it.",
            error.Message);
        Assert.Empty(registry.PluginsOf(PluginKind.Predicate));
    }

    [Fact]
    public void Creating_a_transform_whose_constructor_throws_fails_with_a_connect_exception_naming_the_type_and_cause()
    {
        var registry = PluginRegistry.Scan([TestPluginDirectories.Faulty], [], _logger);
        var plugin = registry.Resolve(PluginKind.Transformation, "ExplodingTransform");

        var error = Assert.Throws<ConnectException>(() => registry.Create<Transformation>(plugin));

        Assert.Equal(
            $"Could not create DeltaConnect.TestPlugins.Faulty.ExplodingTransform from {TestPluginDirectories.Faulty}: its constructor threw InvalidOperationException: The lookup table lookup.csv is missing.",
            error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Creating_a_plugin_as_the_wrong_SDK_type_is_refused()
    {
        var registry = PluginRegistry.Scan([TestPluginDirectories.Faulty], [], _logger);
        var plugin = registry.Resolve(PluginKind.Transformation, "PassThroughTransform");

        var error = Assert.Throws<ArgumentException>(() => registry.Create<SourceConnector>(plugin));

        Assert.StartsWith("Plugin DeltaConnect.TestPlugins.Faulty.PassThroughTransform is a transformation, not a SourceConnector.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_path_entry_that_does_not_exist_is_reported_and_the_other_entries_still_load()
    {
        var missing = Path.Combine(_pluginPath.Path, "no-such-directory");

        var registry = PluginRegistry.Scan([missing, TestPluginDirectories.JsonOld], [], _logger);

        var error = Assert.Single(registry.Errors);
        Assert.Equal($"Plugin path entry {missing} does not exist.", error.Message);
        Assert.True(registry.TryResolve(PluginKind.Source, "json-echo", out _));
    }
}
