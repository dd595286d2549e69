using DeltaConnect.Runtime.Isolation;

namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>
/// Building the worker lays out every project under plugins/ as a plugin directory next to deltaconnect.dll, without
/// a copy of the SDK (a plugin using DeltaConnect.Sdk.Cdc ships its own copy of that); projects that reference the
/// worker (this one) get the same directories.
/// </summary>
public sealed class WorkerPluginLayoutTests
{
    private const string ProcessorsPlugin = "DeltaConnect.Plugins.Processors";

    [Fact]
    public void The_default_plugin_path_is_the_plugins_directory_next_to_the_worker()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "plugins"), PluginPath.Default);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "deltaconnect.dll")));
    }

    [Fact]
    public void The_worker_output_holds_each_first_party_plugin_in_its_own_directory_without_the_SDK()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var workerOutput = Path.Combine(RepositoryRoot(), "host", "DeltaConnect.Worker", "bin", testOutput.Parent!.Name, testOutput.Name);

        foreach (var output in new[] { workerOutput, AppContext.BaseDirectory })
        {
            Assert.True(File.Exists(Path.Combine(output, "deltaconnect.dll")), $"no deltaconnect.dll in {output}");
            var plugin = Path.Combine(output, "plugins", ProcessorsPlugin);
            Assert.True(File.Exists(Path.Combine(plugin, $"{ProcessorsPlugin}.dll")), $"no {ProcessorsPlugin}.dll in {plugin}");
            Assert.True(File.Exists(Path.Combine(plugin, $"{ProcessorsPlugin}.deps.json")), $"no {ProcessorsPlugin}.deps.json in {plugin}");
            Assert.Empty(Directory.GetFiles(plugin, "DeltaConnect.Sdk*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public void A_plugin_using_the_CDC_library_ships_its_own_copy_of_it_but_not_the_SDK()
    {
        var plugin = Path.Combine(PluginPath.Default, "DeltaConnect.Plugins.Postgres");

        Assert.True(File.Exists(Path.Combine(plugin, "DeltaConnect.Sdk.Cdc.dll")), $"no DeltaConnect.Sdk.Cdc.dll in {plugin}");
        Assert.False(File.Exists(Path.Combine(plugin, "DeltaConnect.Sdk.dll")), $"{plugin} holds a copy of the SDK, which the host shares");
    }

    [Fact]
    public void The_first_party_plugins_load_from_the_default_plugin_path_without_errors()
    {
        var logger = new RecordingLogger();

        var registry = PluginRegistry.Scan([PluginPath.Default], [], logger);

        Assert.Empty(registry.Errors);
        Assert.Empty(logger.Warnings);
        Assert.All(registry.Plugins, p => Assert.StartsWith(PluginPath.Default + Path.DirectorySeparatorChar, p.Location, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DeltaConnect.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DeltaConnect.sln above {AppContext.BaseDirectory}.");
    }
}
