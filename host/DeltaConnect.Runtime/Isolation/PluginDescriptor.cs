namespace DeltaConnect.Runtime.Isolation;

/// <summary>
/// A plugin type found by the scan. <see cref="Type"/> lives in the load context of its plugin directory (or the
/// default context for built-in plugins); create instances through <see cref="PluginRegistry.Create{T}"/>.
/// </summary>
/// <param name="Kind">What the plugin is.</param>
/// <param name="TypeName">The full type name, nested types with <c>+</c> (<c>A.B.InsertField+Value</c>).</param>
/// <param name="SimpleName">The type name without its namespace (<c>InsertField+Value</c>).</param>
/// <param name="Version">Its version: what a connector reports, the assembly's informational version for the others.</param>
/// <param name="Location">The plugin directory it was loaded from, or <see cref="BuiltinLocation"/>.</param>
/// <param name="Aliases">The names given with <see cref="Sdk.PluginAliasAttribute"/>.</param>
/// <param name="Type">The loaded type.</param>
internal sealed record PluginDescriptor(
    PluginKind Kind,
    string TypeName,
    string SimpleName,
    string Version,
    string Location,
    IReadOnlyList<string> Aliases,
    Type Type)
{
    /// <summary>The <see cref="Location"/> of plugins found in the host's own assemblies.</summary>
    public const string BuiltinLocation = "builtin";

    /// <summary>True when the plugin comes from one of the host's assemblies rather than a plugin directory.</summary>
    public bool IsBuiltin => Location == BuiltinLocation;

    /// <inheritdoc />
    public override string ToString() => $"{TypeName} {Version} ({Location})";
}
