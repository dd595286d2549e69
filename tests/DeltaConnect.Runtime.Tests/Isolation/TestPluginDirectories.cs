namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>
/// The test plugins of tests/plugins/, laid out by the build under test-plugins/ (one directory per plugin), and
/// scratch plugin paths that tests assemble from them.
/// </summary>
internal static class TestPluginDirectories
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "test-plugins");

    /// <summary>Newtonsoft.Json 12.0.3, plugin version 1.0.0.</summary>
    public static string JsonOld { get; } = Path.Combine(Root, "DeltaConnect.TestPlugins.JsonOld");

    /// <summary>Newtonsoft.Json 13.0.3, plugin version 2.0.0.</summary>
    public static string JsonNew { get; } = Path.Combine(Root, "DeltaConnect.TestPlugins.JsonNew");

    /// <summary>Types that throw from their constructors or have none usable, next to one that works.</summary>
    public static string Faulty { get; } = Path.Combine(Root, "DeltaConnect.TestPlugins.Faulty");

    /// <summary>A copy of the plugin directory <paramref name="source"/> inside <paramref name="pluginPath"/>.</summary>
    public static string CopyPlugin(string source, string pluginPath)
    {
        var target = Path.Combine(pluginPath, Path.GetFileName(source));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
