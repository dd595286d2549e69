using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>
/// The names a config may give a plugin: full type name, simple name, a connector's name without its Connector
/// suffix, Kafka Connect's Outer$Inner for nested types, and aliases; ambiguous and unknown names fail with messages
/// that say what to write instead.
/// </summary>
public sealed class PluginResolutionTests
{
    private const string OldTransform = "DeltaConnect.TestPlugins.JsonOld.JsonVersionTransform";
    private const string NewTransform = "DeltaConnect.TestPlugins.JsonNew.JsonVersionTransform";
    private const string StampValue = "DeltaConnect.Runtime.Tests.Isolation.StampField+Value";

    private readonly PluginRegistry _registry = PluginRegistry.Scan(
        [TestPluginDirectories.JsonOld, TestPluginDirectories.JsonNew],
        [typeof(PluginResolutionTests).Assembly],
        new RecordingLogger());

    [Theory]
    [InlineData("Transformation", OldTransform, OldTransform)]
    [InlineData("Transformation", NewTransform, NewTransform)]
    [InlineData("Source", "DeltaConnect.TestPlugins.Json.JsonEchoSourceConnector", "DeltaConnect.TestPlugins.Json.JsonEchoSourceConnector")]
    [InlineData("Transformation", StampValue, StampValue)]
    [InlineData("Transformation", "DeltaConnect.Runtime.Tests.Isolation.StampField$Value", StampValue)]
    public void A_full_type_name_resolves(string kind, string name, string expected) =>
        Assert.Equal(expected, _registry.Resolve(Enum.Parse<PluginKind>(kind), name).TypeName);

    [Theory]
    [InlineData("Source", "JsonEchoSourceConnector", "DeltaConnect.TestPlugins.Json.JsonEchoSourceConnector")]
    [InlineData("Sink", "CountingSinkConnector", "DeltaConnect.Runtime.Tests.Isolation.CountingSinkConnector")]
    [InlineData("Transformation", "StampField+Value", StampValue)]
    [InlineData("Transformation", "StampField$Value", StampValue)]
    [InlineData("Transformation", "StampField$Key", "DeltaConnect.Runtime.Tests.Isolation.StampField+Key")]
    public void A_simple_name_resolves(string kind, string name, string expected) =>
        Assert.Equal(expected, _registry.Resolve(Enum.Parse<PluginKind>(kind), name).TypeName);

    [Theory]
    [InlineData("Source", "JsonEchoSource", "DeltaConnect.TestPlugins.Json.JsonEchoSourceConnector")]
    [InlineData("Sink", "CountingSink", "DeltaConnect.Runtime.Tests.Isolation.CountingSinkConnector")]
    public void A_connector_resolves_by_its_simple_name_without_the_Connector_suffix(string kind, string name, string expected) =>
        Assert.Equal(expected, _registry.Resolve(Enum.Parse<PluginKind>(kind), name).TypeName);

    [Theory]
    [InlineData("Transformation", "json-old", OldTransform)]
    [InlineData("Transformation", "json-new", NewTransform)]
    [InlineData("Source", "json-echo", "DeltaConnect.TestPlugins.Json.JsonEchoSourceConnector")]
    [InlineData("Transformation", "com.example.transforms.StampField$Value", StampValue)]
    public void An_alias_resolves(string kind, string name, string expected) =>
        Assert.Equal(expected, _registry.Resolve(Enum.Parse<PluginKind>(kind), name).TypeName);

    [Fact]
    public void A_name_resolves_only_within_its_kind()
    {
        Assert.False(_registry.TryResolve(PluginKind.Transformation, "JsonEchoSource", out _));
        Assert.False(_registry.TryResolve(PluginKind.Sink, "json-echo", out _));
        Assert.False(_registry.TryResolve(PluginKind.Source, "FileStreamSource", out _));
        Assert.False(_registry.TryResolve(PluginKind.Transformation, "StampFieldTransform", out _));
    }

    [Fact]
    public void A_simple_name_shared_by_two_plugins_is_ambiguous_and_the_error_lists_the_candidates()
    {
        var error = Assert.Throws<ConfigException>(() => _registry.Resolve(PluginKind.Transformation, "JsonVersionTransform"));

        Assert.Equal(
            $"The transformation name 'JsonVersionTransform' is ambiguous: it fits 2 different plugins: {OldTransform} 1.0.0 ({TestPluginDirectories.JsonOld}), {NewTransform} 2.0.0 ({TestPluginDirectories.JsonNew}). Use the full type name of the one you mean.",
            error.Message);
        Assert.False(_registry.TryResolve(PluginKind.Transformation, "JsonVersionTransform", out _));
        Assert.Equal(TestPluginDirectories.JsonOld, _registry.Resolve(PluginKind.Transformation, OldTransform).Location);
    }

    [Fact]
    public void An_unknown_name_fails_with_a_config_exception_listing_the_closest_plugins_of_its_kind()
    {
        var error = Assert.Throws<ConfigException>(() => _registry.Resolve(PluginKind.Transformation, "JsonVersionTransfrom"));

        Assert.StartsWith(
            $"Unknown transformation 'JsonVersionTransfrom'. Closest known transformations: JsonVersionTransform ({NewTransform}), JsonVersionTransform ({OldTransform}), ",
            error.Message,
            StringComparison.Ordinal);
        Assert.EndsWith(
            "A transformation is named by its full type name, its simple name or an alias; if it is not listed, check that plugin.path lists its directory.",
            error.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("JsonEcho", error.Message, StringComparison.Ordinal);
        Assert.False(_registry.TryResolve(PluginKind.Transformation, "JsonVersionTransfrom", out _));
    }

    [Fact]
    public void An_unknown_name_of_a_kind_with_no_plugins_says_none_are_installed()
    {
        var error = Assert.Throws<ConfigException>(() => _registry.Resolve(PluginKind.HeaderConverter, "SimpleHeaderConverter"));

        Assert.Equal(
            "Unknown header converter 'SimpleHeaderConverter': no header converter plugins are installed. Check that plugin.path lists the directory the plugin is in.",
            error.Message);
    }

    [Fact]
    public void A_version_that_is_not_installed_fails_listing_the_installed_versions()
    {
        var error = Assert.Throws<ConfigException>(() => _registry.Resolve(PluginKind.Source, "json-echo", version: "9.9.9"));

        Assert.Equal(
            $"Version 9.9.9 of source connector DeltaConnect.TestPlugins.Json.JsonEchoSourceConnector is not installed; installed: 1.0.0 ({TestPluginDirectories.JsonOld}), 2.0.0 ({TestPluginDirectories.JsonNew}).",
            error.Message);
    }
}
