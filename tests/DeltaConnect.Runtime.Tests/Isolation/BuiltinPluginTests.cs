using System.Runtime.Loader;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>Assemblies the host already loaded are scanned like plugin directories, with the location "builtin".</summary>
public sealed class BuiltinPluginTests
{
    private readonly PluginRegistry _registry = PluginRegistry.Scan([], [typeof(BuiltinPluginTests).Assembly], new RecordingLogger());

    [Fact]
    public void Built_in_plugins_are_found_in_the_given_assemblies_with_their_kind_names_and_aliases()
    {
        var stamp = _registry.Resolve(PluginKind.Transformation, "StampField$Value");

        Assert.Equal(PluginKind.Transformation, stamp.Kind);
        Assert.Equal("DeltaConnect.Runtime.Tests.Isolation.StampField+Value", stamp.TypeName);
        Assert.Equal("StampField+Value", stamp.SimpleName);
        Assert.Equal(PluginDescriptor.BuiltinLocation, stamp.Location);
        Assert.True(stamp.IsBuiltin);
        Assert.Equal(["com.example.transforms.StampField$Value"], stamp.Aliases);
        Assert.Equal(PluginVersion.Of(typeof(StampField.Value)), stamp.Version);
        Assert.Same(typeof(StampField.Value), stamp.Type);
    }

    [Fact]
    public void Abstract_types_are_not_plugins()
    {
        Assert.DoesNotContain(_registry.Plugins, p => p.Type == typeof(StampField));
        Assert.False(_registry.TryResolve(PluginKind.Transformation, "StampField", out _));
    }

    [Fact]
    public void A_connectors_version_is_what_the_connector_reports()
    {
        var plugin = _registry.Resolve(PluginKind.Sink, "CountingSink");

        Assert.Equal("3.1.4", plugin.Version);
    }

    [Fact]
    public void Built_in_plugins_are_created_in_the_default_load_context_and_work()
    {
        using var transform = _registry.Create<Transformation>(_registry.Resolve(PluginKind.Transformation, "StampField+Key"));

        var result = transform.Apply(new SourceRecord(new Dictionary<string, object?>(), new Dictionary<string, object?>(), "orders", Schema.String, "x"))!;

        Assert.IsType<StampField.Key>(transform);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(transform.GetType().Assembly));
        Assert.Equal("key", result.Headers.LastWithName("stamped")?.Value);
    }
}
