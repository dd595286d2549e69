using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using DeltaConnect.Sdk.Errors;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Isolation;

/// <summary>
/// The plugins a worker can run, found once by <see cref="Scan"/>, and the names configs may use for them.
/// </summary>
/// <remarks>
/// <para>Names, per kind (a transformation name never resolves to a converter):</para>
/// <list type="bullet">
/// <item>the full type name, nested types with <c>+</c> or Kafka Connect's <c>$</c> (<c>A.B.InsertField$Value</c>);</item>
/// <item>the simple name, the type name without its namespace (<c>InsertField+Value</c>, <c>InsertField$Value</c>);</item>
/// <item>for connectors, the simple name without its <c>Connector</c> suffix (<c>FileStreamSource</c>);</item>
/// <item>every <see cref="Sdk.PluginAliasAttribute"/> alias.</item>
/// </list>
/// <para>
/// A full type name wins over the other names. A name that fits plugins of more than one type (two plugins with the
/// same simple name, say) is ambiguous and fails, listing the candidates, until the full type name is used. When the
/// same type is installed more than once (two plugin directories with different versions of a plugin), all are
/// kept: a name resolves to the highest version (<see cref="PluginVersionComparer"/>; between equal versions, the
/// first found — built-in plugins, then the plugin path in order), or to the exact version asked for.
/// </para>
/// <para>The registry does not change after the scan, so it may be shared between threads.</para>
/// </remarks>
internal sealed class PluginRegistry
{
    private const int SuggestionCount = 5;
    private const string ConnectorSuffix = "Connector";

    private readonly Dictionary<PluginKind, Dictionary<string, List<PluginDescriptor>>> _byFullName = [];
    private readonly Dictionary<PluginKind, Dictionary<string, List<PluginDescriptor>>> _byOtherName = [];

    /// <summary>A registry of already found plugins (in the order they were found).</summary>
    public PluginRegistry(IEnumerable<PluginDescriptor> plugins, IEnumerable<PluginLoadError> errors)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(errors);
        Plugins = [.. plugins];
        Errors = [.. errors];
        foreach (var plugin in Plugins)
        {
            Index(_byFullName, plugin, FullNames(plugin));
            Index(_byOtherName, plugin, OtherNames(plugin));
        }
    }

    /// <summary>Every plugin found, in the order found.</summary>
    public IReadOnlyList<PluginDescriptor> Plugins { get; }

    /// <summary>What the scan skipped, and why.</summary>
    public IReadOnlyList<PluginLoadError> Errors { get; }

    /// <summary>
    /// Finds the plugins in <paramref name="builtinAssemblies"/> (loaded in the default context; location
    /// <c>builtin</c>) and in <paramref name="pluginPaths"/>, Kafka Connect's <c>plugin.path</c>: each entry is a
    /// plugin directory or a directory of plugin directories, and each plugin directory is loaded in its own load
    /// context. Broken plugins are logged as warnings, listed in <see cref="Errors"/> and skipped.
    /// </summary>
    public static PluginRegistry Scan(IEnumerable<string> pluginPaths, IEnumerable<Assembly> builtinAssemblies, ILogger logger)
    {
        var (plugins, errors) = PluginScanner.Scan(pluginPaths, builtinAssemblies, logger);
        return new PluginRegistry(plugins, errors);
    }

    /// <summary>The plugins of one kind, in the order found.</summary>
    public IEnumerable<PluginDescriptor> PluginsOf(PluginKind kind) => Plugins.Where(p => p.Kind == kind);

    /// <summary>The plugin of <paramref name="kind"/> that <paramref name="name"/> names (see the class remarks for the rules).</summary>
    /// <param name="kind">What the plugin must be.</param>
    /// <param name="name">A full type name, simple name, connector name without <c>Connector</c>, or alias.</param>
    /// <param name="version">An exact version to pick, or null for the highest installed.</param>
    /// <exception cref="ConfigException">No such plugin (the message lists the closest names), the name is ambiguous (the message lists the candidates), or the version is not installed (the message lists the installed ones).</exception>
    public PluginDescriptor Resolve(PluginKind kind, string name, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var match = Find(kind, name.Trim(), version);
        return match.Plugin ?? throw new ConfigException(match.Error!());
    }

    /// <summary>Like <see cref="Resolve"/>, but false instead of an error.</summary>
    public bool TryResolve(PluginKind kind, string name, [NotNullWhen(true)] out PluginDescriptor? plugin, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        plugin = Find(kind, name.Trim(), version).Plugin;
        return plugin is not null;
    }

    /// <summary>A new instance of <paramref name="plugin"/>, created in its own load context.</summary>
    /// <typeparam name="T">The SDK type to return it as (<see cref="Sdk.Transforms.Transformation"/>, <see cref="Sdk.Connectors.SourceConnector"/>, ...).</typeparam>
    /// <exception cref="ArgumentException">The plugin is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="ConnectException">The constructor threw or something the plugin needs could not be loaded; the message names the type and the cause.</exception>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Plugins are created through the registry that found them.")]
    public T Create<T>(PluginDescriptor plugin)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(plugin);
        if (!typeof(T).IsAssignableFrom(plugin.Type))
        {
            throw new ArgumentException($"Plugin {plugin.TypeName} is a {plugin.Kind.Describe()}, not a {typeof(T).Name}.", nameof(plugin));
        }

        return (T)PluginActivator.Create(plugin.Type, plugin.Location);
    }

    // The error is built only when Resolve needs it: TryResolve has no use for suggestions.
    private (PluginDescriptor? Plugin, Func<string>? Error) Find(PluginKind kind, string name, string? version)
    {
        var candidates = Lookup(_byFullName, kind, name) ?? Lookup(_byOtherName, kind, name);
        if (candidates is null)
        {
            return (null, () => UnknownName(kind, name));
        }

        var types = candidates.Select(p => p.TypeName).Distinct(StringComparer.Ordinal).ToList();
        if (types.Count > 1)
        {
            return (null, () => $"The {kind.Describe()} name '{name}' is ambiguous: it fits {types.Count} different plugins: {string.Join(", ", candidates)}. Use the full type name of the one you mean.");
        }

        if (version is null)
        {
            // MaxBy keeps the first of equal versions: built-in plugins, then the plugin path in order.
            return (candidates.MaxBy(p => p.Version, PluginVersionComparer.Instance), null);
        }

        var exact = candidates.FirstOrDefault(p => string.Equals(p.Version, version.Trim(), StringComparison.Ordinal));
        return exact is not null
            ? (exact, null)
            : (null, () => $"Version {version} of {kind.Describe()} {types[0]} is not installed; installed: {string.Join(", ", candidates.Select(p => $"{p.Version} ({p.Location})"))}.");
    }

    private string UnknownName(PluginKind kind, string name)
    {
        var known = Plugins.Where(p => p.Kind == kind).ToList();
        if (known.Count == 0)
        {
            return $"Unknown {kind.Describe()} '{name}': no {kind.Describe()} plugins are installed. Check that plugin.path lists the directory the plugin is in.";
        }

        // For each plugin, the name of it closest to what was asked for; then the closest plugins.
        var closest = known
            .Select(p => FullNames(p).Concat(OtherNames(p))
                .Select(n => (Name: n, Plugin: p, Distance: EditDistance(name, n)))
                .MinBy(c => c.Distance))
            .DistinctBy(c => c.Plugin.TypeName, StringComparer.Ordinal)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Plugin.TypeName, StringComparer.Ordinal)
            .Take(SuggestionCount)
            .Select(c => c.Name == c.Plugin.TypeName ? c.Name : $"{c.Name} ({c.Plugin.TypeName})");
        var forms = kind.IsConnector() ? "its full type name, its simple name with or without the Connector suffix, or an alias" : "its full type name, its simple name or an alias";
        return $"Unknown {kind.Describe()} '{name}'. Closest known {kind.Describe()}s: {string.Join(", ", closest)}. A {kind.Describe()} is named by {forms}; if it is not listed, check that plugin.path lists its directory.";
    }

    private static IEnumerable<string> FullNames(PluginDescriptor plugin) =>
        WithKafkaNesting(plugin.TypeName);

    private static IEnumerable<string> OtherNames(PluginDescriptor plugin)
    {
        var names = WithKafkaNesting(plugin.SimpleName);
        if (plugin.Kind.IsConnector() && plugin.SimpleName.Length > ConnectorSuffix.Length && plugin.SimpleName.EndsWith(ConnectorSuffix, StringComparison.Ordinal))
        {
            names = names.Concat(WithKafkaNesting(plugin.SimpleName[..^ConnectorSuffix.Length]));
        }

        return names.Concat(plugin.Aliases);
    }

    // .NET writes nested types Outer+Inner; Kafka Connect configs (InsertField$Value) use the JVM's Outer$Inner.
    private static IEnumerable<string> WithKafkaNesting(string name) =>
        name.Contains('+', StringComparison.Ordinal) ? [name, name.Replace('+', '$')] : [name];

    private static void Index(Dictionary<PluginKind, Dictionary<string, List<PluginDescriptor>>> index, PluginDescriptor plugin, IEnumerable<string> names)
    {
        if (!index.TryGetValue(plugin.Kind, out var byName))
        {
            byName = new Dictionary<string, List<PluginDescriptor>>(StringComparer.Ordinal);
            index[plugin.Kind] = byName;
        }

        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(name, out var list))
            {
                list = [];
                byName[name] = list;
            }

            list.Add(plugin);
        }
    }

    private static List<PluginDescriptor>? Lookup(Dictionary<PluginKind, Dictionary<string, List<PluginDescriptor>>> index, PluginKind kind, string name) =>
        index.TryGetValue(kind, out var byName) && byName.TryGetValue(name, out var list) ? list : null;

    // Levenshtein distance, ignoring case: how far a mistyped name is from a known one.
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
