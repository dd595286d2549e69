namespace DeltaConnect.Sdk.Config;

/// <summary>Types of config values and the .NET type each parses to.</summary>
public enum ConfigType
{
    /// <summary><see cref="bool"/> ("true" or "false", any case).</summary>
    Boolean,

    /// <summary><see cref="string"/> (trimmed).</summary>
    String,

    /// <summary><see cref="int"/>.</summary>
    Int,

    /// <summary><see cref="short"/>.</summary>
    Short,

    /// <summary><see cref="long"/>.</summary>
    Long,

    /// <summary><see cref="double"/>.</summary>
    Double,

    /// <summary>A comma-separated list: <c>IReadOnlyList&lt;string&gt;</c> of trimmed, non-empty items.</summary>
    List,

    /// <summary>A type name (<see cref="string"/>); the runtime resolves it to a plugin.</summary>
    Class,

    /// <summary>A secret (<see cref="Config.Password"/>): never printed, redacted in every response and log line.</summary>
    Password,
}
