namespace DeltaConnect.Sdk.Config;

/// <summary>Checks a parsed config value.</summary>
public interface IConfigValidator
{
    /// <summary>Throws a <see cref="Errors.ConfigException"/> naming <paramref name="name"/> when <paramref name="value"/> is invalid.</summary>
    void EnsureValid(string name, object? value);

    /// <summary>What valid values look like, for documentation (e.g. "[1,...]", "one of [a, b]").</summary>
    string Describe();
}
