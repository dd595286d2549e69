using System.Reflection;
using System.Runtime.Loader;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Isolation;

/// <summary>
/// Creates plugin instances inside their own load context: while the constructor runs, contextual reflection
/// (<c>Type.GetType</c>, <c>Assembly.Load</c> by name) resolves against the plugin's directory, not the host's.
/// </summary>
internal static class PluginActivator
{
    /// <summary>A new instance of <paramref name="type"/> (a plugin type from <paramref name="location"/>).</summary>
    /// <exception cref="ConnectException">The type has no public parameterless constructor, the constructor threw, or something it needs could not be loaded; the message names the type, where it comes from and the cause.</exception>
    public static object Create(Type type, string location)
    {
        var constructor = type.GetConstructor(Type.EmptyTypes)
            ?? throw new ConnectException($"Could not create {type.FullName} from {location}: it has no public parameterless constructor, which the runtime needs to create plugins.");
        var context = AssemblyLoadContext.GetLoadContext(type.Assembly) ?? AssemblyLoadContext.Default;
        using var scope = context.EnterContextualReflection();
        try
        {
            return constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, parameters: [], culture: null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A plugin constructor may throw anything: every failure becomes the same ConnectException.
            throw new ConnectException($"Could not create {type.FullName} from {location}: {DescribeFailure(ex)}", ex);
        }
    }

    /// <summary>The cause of a failed load or constructor call, in words.</summary>
    public static string DescribeFailure(Exception exception) => exception switch
    {
        FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException =>
            $"a type or assembly it needs could not be loaded ({exception.Message.TrimEnd('.')}); the plugin directory may be missing one of its dependencies",
        _ => $"its constructor threw {exception.GetType().Name}: {exception.Message}",
    };
}
