namespace DeltaConnect.Sdk.Config;

/// <summary>The definition of one config: declared once in a <see cref="ConfigDef"/>, used for parsing, validation and docs.</summary>
/// <param name="Name">The key.</param>
/// <param name="Type">The value type.</param>
/// <param name="DefaultValue">The default (already parsed), or <see cref="ConfigDef.NoDefaultValue"/> when the key is required.</param>
/// <param name="Validator">Checks values, or null.</param>
/// <param name="Importance">How much the key matters.</param>
/// <param name="Documentation">What the key does.</param>
/// <param name="Group">The group it is shown in, or null.</param>
/// <param name="OrderInGroup">Its position in the group.</param>
/// <param name="Width">How wide its input should be drawn.</param>
/// <param name="DisplayName">A human-readable name.</param>
/// <param name="Dependents">Keys whose recommendations depend on this one.</param>
/// <param name="Recommender">Suggests values, or null.</param>
public sealed record ConfigKey(
    string Name,
    ConfigType Type,
    object? DefaultValue,
    IConfigValidator? Validator,
    Importance Importance,
    string Documentation,
    string? Group,
    int OrderInGroup,
    Width Width,
    string DisplayName,
    IReadOnlyList<string> Dependents,
    IConfigRecommender? Recommender)
{
    /// <summary>True when the key has a default, so it may be left out.</summary>
    public bool HasDefault => !ReferenceEquals(DefaultValue, ConfigDef.NoDefaultValue);
}
