using System.CommandLine;
using DeltaConnect.Runtime.Isolation;
using DeltaConnect.Schemas.Converters;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaConnect.Worker.Commands;

/// <summary>
/// <c>deltaconnect plugins list</c>: what a worker with the same plugin path would load — every connector, processor,
/// transform, predicate and converter with its version, aliases and where it comes from — and every plugin directory or
/// type it would skip, with the reason.
/// </summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var pluginPath = new Option<string[]>("--plugin-path")
        {
            Description = "Extra plugin directories (or directories of plugin directories) besides the worker's own plugins/.",
            AllowMultipleArgumentsPerToken = false,
        };
        var list = new Command("list", "List the plugins a worker would load, and the ones it would skip.") { pluginPath };
        list.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var registry = PluginRegistry.Scan([PluginPath.Default, .. result.GetValue(pluginPath) ?? []], [typeof(JsonConverter).Assembly], NullLogger.Instance);
            foreach (var group in registry.Plugins.GroupBy(p => p.Kind).OrderBy(g => g.Key))
            {
                await output.WriteLineAsync($"{group.Key}:");
                foreach (var plugin in group.OrderBy(p => p.TypeName, StringComparer.Ordinal))
                {
                    var aliases = plugin.Aliases.Where(a => a != plugin.TypeName).ToList();
                    await output.WriteLineAsync($"  {plugin.TypeName} {plugin.Version} ({plugin.Location}){(aliases.Count > 0 ? " aliases: " + string.Join(", ", aliases) : "")}");
                }
            }

            foreach (var error in registry.Errors)
            {
                await output.WriteLineAsync($"skipped {error.Location}: {error.Message}");
            }

            return 0;
        });
        return new Command("plugins", "Inspect installed plugins.") { list };
    }
}
