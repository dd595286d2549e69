namespace DeltaConnect.Runtime.Isolation;

/// <summary>A plugin, assembly or plugin path entry the scan skipped, and why.</summary>
/// <param name="Location">The plugin directory (or plugin path entry, or <see cref="PluginDescriptor.BuiltinLocation"/>).</param>
/// <param name="Message">What was skipped and why, naming the directory, file or type.</param>
/// <param name="Exception">The error behind it, when there is one.</param>
internal sealed record PluginLoadError(string Location, string Message, Exception? Exception);
