using System.Text.RegularExpressions;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Processors.Configuration;

/// <summary>The validators Kafka Connect's transforms use that the SDK's <see cref="Validators"/> does not have.</summary>
internal static class ConfigValidators
{
    /// <summary>Lists with at least one item (Kafka Connect's <c>NonEmptyListValidator</c>).</summary>
    public static IConfigValidator NonEmptyList { get; } = List(items => items.Count > 0 ? null : "Empty list; give at least one item", "non-empty list");

    /// <summary>Strings that compile as a regular expression (Kafka Connect's <c>RegexValidator</c>).</summary>
    public static IConfigValidator ValidRegex { get; } = Validators.Lambda(value => value is string pattern ? RegexProblem(pattern) : null, "valid regex");

    /// <summary>
    /// Lists checked by <paramref name="check"/> (null when valid, else the reason); the error shows the list as it
    /// was written (comma-separated).
    /// </summary>
    public static IConfigValidator List(Func<IReadOnlyList<string>, string?> check, string description) => new ListValidator(check, description);

    /// <summary>Why <paramref name="pattern"/> is not a valid regular expression, or null when it is.</summary>
    public static string? RegexProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException e)
        {
            return "Invalid regex: " + e.Message;
        }
    }

    private sealed class ListValidator(Func<IReadOnlyList<string>, string?> check, string description) : IConfigValidator
    {
        public void EnsureValid(string name, object? value)
        {
            var items = value as IReadOnlyList<string> ?? [];
            if (check(items) is { } reason)
            {
                throw new ConfigException(name, string.Join(",", items), reason);
            }
        }

        public string Describe() => description;
    }
}
