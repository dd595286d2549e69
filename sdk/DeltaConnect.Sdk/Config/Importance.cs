namespace DeltaConnect.Sdk.Config;

/// <summary>How much a config matters to a user setting up a plugin (for documentation and UIs).</summary>
public enum Importance
{
    /// <summary>Must usually be set.</summary>
    High,

    /// <summary>Often tuned.</summary>
    Medium,

    /// <summary>Rarely changed.</summary>
    Low,
}
