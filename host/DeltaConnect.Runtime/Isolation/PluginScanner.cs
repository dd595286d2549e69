using System.Reflection;
using System.Runtime.Loader;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Errors;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Isolation;

/// <summary>
/// Finds plugins the way Kafka Connect reads <c>plugin.path</c>: every entry is a plugin directory (it holds
/// assemblies) or a directory of plugin directories. Every plugin directory gets its own load context, which shares
/// the SDK with the host and keeps everything else private, so two plugins may carry conflicting versions of the
/// same library. Anything broken is recorded as a <see cref="PluginLoadError"/>, logged, and skipped.
/// </summary>
internal sealed partial class PluginScanner
{
    // The SDK is the contract between host and plugins: its types must be the host's in every plugin.
    private static readonly Type[] SharedTypes = [typeof(Connector)];
    private static readonly AssemblyName SdkAssembly = typeof(Connector).Assembly.GetName();

    private readonly ILogger _logger;
    private readonly List<PluginDescriptor> _plugins = [];
    private readonly List<PluginLoadError> _errors = [];
    private readonly HashSet<string> _scannedDirectories = new(StringComparer.Ordinal);

    private PluginScanner(ILogger logger) => _logger = logger;

    /// <summary>Scans <paramref name="builtinAssemblies"/> (already loaded in the default context), then every <paramref name="pluginPaths"/> entry, in order.</summary>
    public static (IReadOnlyList<PluginDescriptor> Plugins, IReadOnlyList<PluginLoadError> Errors) Scan(
        IEnumerable<string> pluginPaths,
        IEnumerable<Assembly> builtinAssemblies,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pluginPaths);
        ArgumentNullException.ThrowIfNull(builtinAssemblies);
        ArgumentNullException.ThrowIfNull(logger);
        var scanner = new PluginScanner(logger);
        foreach (var assembly in builtinAssemblies.Distinct())
        {
            scanner.ScanAssembly(assembly, PluginDescriptor.BuiltinLocation, assembly.GetName().Name ?? assembly.FullName ?? "?");
        }

        foreach (var entry in pluginPaths)
        {
            if (!string.IsNullOrWhiteSpace(entry))
            {
                scanner.ScanPathEntry(entry.Trim());
            }
        }

        return (scanner._plugins, scanner._errors);
    }

    private void ScanPathEntry(string entry)
    {
        var path = Path.GetFullPath(entry);
        if (!Directory.Exists(path))
        {
            Fail(path, File.Exists(path)
                ? $"Plugin path entry {path} is a file; list a plugin directory or a directory of plugin directories instead."
                : $"Plugin path entry {path} does not exist.");
            return;
        }

        string[] directories;
        try
        {
            if (HoldsAssemblies(path))
            {
                ScanPluginDirectory(path);
                return;
            }

            directories = Directory.GetDirectories(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(path, $"Plugin path entry {path} could not be read: {ex.Message}", ex);
            return;
        }

        foreach (var directory in directories.Order(StringComparer.Ordinal))
        {
            try
            {
                if (HoldsAssemblies(directory))
                {
                    ScanPluginDirectory(directory);
                }
                else
                {
                    LogNoAssemblies(_logger, directory);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Fail(directory, $"Plugin directory {directory} could not be read: {ex.Message}", ex);
            }
        }
    }

    private static bool HoldsAssemblies(string directory) => Directory.EnumerateFiles(directory, "*.dll").Any();

    private void ScanPluginDirectory(string directory)
    {
        if (!_scannedDirectories.Add(directory))
        {
            return;
        }

        var mainAssemblies = new List<string>();
        foreach (var file in MainAssemblyFiles(directory))
        {
            AssemblyName name;
            try
            {
                name = AssemblyName.GetAssemblyName(file);
            }
            catch (BadImageFormatException ex)
            {
                Fail(directory, $"{Path.GetFileName(file)} in plugin directory {directory} is not a .NET assembly; it was skipped.", ex);
                continue;
            }

            if (string.Equals(name.Name, SdkAssembly.Name, StringComparison.OrdinalIgnoreCase))
            {
                // A copy of the SDK is never loaded: the host's is shared with every plugin.
                LogSdkCopyIgnored(_logger, directory);
                continue;
            }

            mainAssemblies.Add(file);
        }

        if (mainAssemblies.Count == 0)
        {
            return;
        }

        PluginLoader loader;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(mainAssemblies[0], SharedTypes, config => config.PreferSharedTypes = false);
        }
        catch (Exception ex)
        {
            // Whatever stops one plugin directory from loading must not stop the scan, nor the worker.
            Fail(directory, $"Plugin directory {directory} could not be given a load context: {ex.Message}", ex);
            return;
        }

        var pluginsBefore = _plugins.Count;
        foreach (var file in mainAssemblies)
        {
            Assembly assembly;
            try
            {
                assembly = loader.LoadAssemblyFromPath(file);
            }
            catch (Exception ex)
            {
                Fail(directory, $"Plugin assembly {Path.GetFileName(file)} in {directory} could not be loaded: {ex.Message}", ex);
                continue;
            }

            if (HasAllReferences(assembly, loader.LoadContext, directory, Path.GetFileName(file)))
            {
                ScanAssembly(assembly, directory, Path.GetFileName(file));
            }
        }

        LogDirectoryScanned(_logger, directory, _plugins.Count - pluginsBefore);
    }

    /// <summary>
    /// The assemblies a plugin directory is made of: those with a .deps.json next to them (what dotnet build or publish
    /// of a plugin project produces), the rest being their dependencies; or every .dll when none has one.
    /// </summary>
    private static List<string> MainAssemblyFiles(string directory)
    {
        var withDeps = Directory.EnumerateFiles(directory, "*.deps.json")
            .Select(deps => Path.Combine(directory, Path.GetFileName(deps)[..^".deps.json".Length] + ".dll"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
        return withDeps.Count > 0 ? withDeps : [.. Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal)];
    }

    // A dependency missing from the directory would otherwise surface later, as a type load failure in the middle of a task.
    private bool HasAllReferences(Assembly assembly, AssemblyLoadContext context, string directory, string file)
    {
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (string.Equals(reference.Name, SdkAssembly.Name, StringComparison.OrdinalIgnoreCase) && reference.Version > SdkAssembly.Version)
            {
                Fail(directory, $"Plugin assembly {file} in {directory} was built against {reference.Name} {reference.Version}, newer than this worker's {SdkAssembly.Version}; its plugins were skipped. Upgrade DeltaConnect or install a version of the plugin built for this SDK.");
                return false;
            }

            try
            {
                context.LoadFromAssemblyName(reference);
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                Fail(directory, $"Plugin assembly {file} in {directory} depends on {reference.Name} {reference.Version}, which is neither in the plugin directory nor shared by the host ({ex.Message.TrimEnd('.')}); its plugins were skipped. Install the plugin with all its dependencies (the output of dotnet publish).", ex);
                return false;
            }
        }

        return true;
    }

    private void ScanAssembly(Assembly assembly, string location, string file)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            // Keep the types that did load; the others are named by their loader errors.
            types = [.. ex.Types.OfType<Type>()];
            var causes = string.Join("; ", ex.LoaderExceptions.OfType<Exception>().Select(e => e.Message).Distinct().Take(5));
            Fail(location, $"Some types of {file} in {location} could not be loaded and were skipped: {causes}", ex);
        }

        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (PluginKindExtensions.KindOf(type) is { } kind && type.IsVisible && !type.IsAbstract && !type.ContainsGenericParameters)
            {
                AddPlugin(type, kind, location);
            }
        }
    }

    private void AddPlugin(Type type, PluginKind kind, string location)
    {
        var typeName = type.FullName ?? type.Name;
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            Fail(location, $"Plugin {typeName} in {location} was skipped: it has no public parameterless constructor, which the runtime needs to create it.");
            return;
        }

        List<string> aliases;
        try
        {
            aliases = [.. type.GetCustomAttributes<PluginAliasAttribute>(inherit: false).Select(a => a.Alias).Distinct(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or TypeLoadException or CustomAttributeFormatException)
        {
            Fail(location, $"Plugin {typeName} in {location} was skipped: its attributes could not be read ({ex.Message.TrimEnd('.')}).", ex);
            return;
        }

        string version;
        if (kind.IsConnector())
        {
            // Kafka Connect instantiates connectors once to ask their version; the other kinds carry their assembly's.
            Connector connector;
            try
            {
                connector = (Connector)PluginActivator.Create(type, location);
            }
            catch (ConnectException ex)
            {
                Fail(location, $"{ex.Message} The plugin was skipped.", ex.InnerException ?? ex);
                return;
            }

            try
            {
                version = connector.Version is { Length: > 0 } reported ? reported : "unknown";
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Plugin code may throw anything; a failure skips that plugin only.
                Fail(location, $"Plugin {typeName} in {location} was skipped: its Version property threw {ex.GetType().Name}: {ex.Message}", ex);
                return;
            }
        }
        else
        {
            version = PluginVersion.Of(type);
        }

        var simpleName = type.Namespace is { Length: > 0 } ns ? typeName[(ns.Length + 1)..] : typeName;
        _plugins.Add(new PluginDescriptor(kind, typeName, simpleName, version, location, aliases, type));
        LogPluginAdded(_logger, kind.Describe(), typeName, version, location);
    }

    private void Fail(string location, string message, Exception? exception = null)
    {
        _errors.Add(new PluginLoadError(location, message, exception));
        LogLoadError(_logger, message, exception);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogLoadError(ILogger logger, string message, Exception? exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Added {Kind} plugin {TypeName} {Version} from {Location}")]
    private static partial void LogPluginAdded(ILogger logger, string kind, string typeName, string version, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanned plugin directory {Directory}: {Count} plugins")]
    private static partial void LogDirectoryScanned(ILogger logger, string directory, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {Directory}: it holds no assemblies, so it is not a plugin directory")]
    private static partial void LogNoAssemblies(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin directory {Directory} holds a copy of DeltaConnect.Sdk; it is ignored, the worker's own SDK is shared with every plugin")]
    private static partial void LogSdkCopyIgnored(ILogger logger, string directory);
}
