using System.Reflection;

namespace DeltaConnect.Sdk;

/// <summary>Reads a plugin type's version from its assembly.</summary>
public static class PluginVersion
{
    /// <summary>The informational version of <paramref name="type"/>'s assembly (without the source revision suffix), or its assembly version.</summary>
    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var informational = type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus > 0 ? informational[..plus] : informational;
        }

        return type.Assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
