using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Tests;

/// <summary>Creates configured plugins from key/value pairs.</summary>
internal static class Setup
{
    public static T Transform<T>(params (string Key, string Value)[] config)
        where T : Transformation, new()
    {
        var transform = new T();
        transform.Configure(Config(config));
        return transform;
    }

    public static T Predicate<T>(params (string Key, string Value)[] config)
        where T : Predicate, new()
    {
        var predicate = new T();
        predicate.Configure(Config(config));
        return predicate;
    }

    public static Dictionary<string, string> Config(params (string Key, string Value)[] config) =>
        config.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
