using Newtonsoft.Json;

namespace DeltaConnect.TestPlugins.Json;

/// <summary>The copy of Newtonsoft.Json this plugin's load context resolved, and a real use of it.</summary>
internal static class JsonLibrary
{
    public static string Version => typeof(JsonConvert).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static string Location => typeof(JsonConvert).Assembly.Location;

    public static string Serialize(object? value) => JsonConvert.SerializeObject(value, Formatting.None);
}
