namespace DeltaConnect.Sdk.Errors;

/// <summary>A configuration value is missing or invalid. The message names the key and says what would be valid.</summary>
public class ConfigException : ConnectException
{
    /// <summary>Creates an exception with no message.</summary>
    public ConfigException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public ConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an invalid value of a config key.</summary>
    /// <param name="name">The config key.</param>
    /// <param name="value">The offending value (passwords must be passed redacted).</param>
    /// <param name="reason">What is wrong and what would be valid.</param>
    public ConfigException(string name, object? value, string reason)
        : base($"Invalid value {Format(value)} for configuration {name}: {reason}")
    {
        Name = name;
    }

    /// <summary>The config key the error is about, when known.</summary>
    public string? Name { get; }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string text => text,
        System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>()),
        _ => value.ToString() ?? "",
    };
}
