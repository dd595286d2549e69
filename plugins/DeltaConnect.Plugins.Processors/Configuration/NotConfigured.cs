namespace DeltaConnect.Plugins.Processors.Configuration;

/// <summary>The error for a plugin used before <c>Configure</c> was called.</summary>
internal static class NotConfigured
{
    public static InvalidOperationException Error(object plugin) =>
        new($"{plugin.GetType().FullName} is not configured; call Configure before using it.");
}
