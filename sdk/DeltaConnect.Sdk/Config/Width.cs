namespace DeltaConnect.Sdk.Config;

/// <summary>How wide a UI should draw a config's input.</summary>
public enum Width
{
    /// <summary>No preference.</summary>
    None,

    /// <summary>A few characters.</summary>
    Short,

    /// <summary>A typical value.</summary>
    Medium,

    /// <summary>Long values (URLs, lists).</summary>
    Long,
}
