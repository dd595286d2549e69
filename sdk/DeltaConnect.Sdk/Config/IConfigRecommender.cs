namespace DeltaConnect.Sdk.Config;

/// <summary>Suggests values for a config, given the values of the others (for validation responses and UIs).</summary>
public interface IConfigRecommender
{
    /// <summary>The values that would be valid for <paramref name="name"/> now.</summary>
    IReadOnlyList<object> ValidValues(string name, IReadOnlyDictionary<string, object?> parsedConfig);

    /// <summary>Whether <paramref name="name"/> matters given the other values (false hides it in UIs).</summary>
    bool Visible(string name, IReadOnlyDictionary<string, object?> parsedConfig);
}
