namespace DeltaConnect.Runtime.Isolation;

/// <summary>Where plugins are looked for when <c>plugin.path</c> is not set.</summary>
internal static class PluginPath
{
    /// <summary>
    /// The <c>plugins</c> directory next to the worker's assemblies, where the build lays out the first-party plugins
    /// (one directory per plugin project).
    /// </summary>
    public static string Default => Path.Combine(AppContext.BaseDirectory, "plugins");
}
