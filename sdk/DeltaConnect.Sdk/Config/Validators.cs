using System.Globalization;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Config;

/// <summary>Common config validators.</summary>
public static class Validators
{
    /// <summary>Numbers of at least <paramref name="minimum"/>.</summary>
    public static IConfigValidator AtLeast(double minimum) => new RangeValidator(minimum, null);

    /// <summary>Numbers between <paramref name="minimum"/> and <paramref name="maximum"/> (inclusive).</summary>
    public static IConfigValidator Between(double minimum, double maximum) => new RangeValidator(minimum, maximum);

    /// <summary>Strings equal to one of <paramref name="values"/> (exact case).</summary>
    public static IConfigValidator In(params string[] values) => new ValidStringValidator(values, StringComparer.Ordinal);

    /// <summary>Strings equal to one of <paramref name="values"/> ignoring case.</summary>
    public static IConfigValidator InIgnoringCase(params string[] values) => new ValidStringValidator(values, StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists whose every item is one of <paramref name="values"/>.</summary>
    public static IConfigValidator ListOf(params string[] values) => new ValidListValidator(values);

    /// <summary>Strings that are not empty.</summary>
    public static IConfigValidator NonEmptyString() => new PredicateValidator(v => v is string s && s.Length > 0 ? null : "must not be empty", "non-empty string");

    /// <summary>A validator from a check that returns null when valid, else the reason.</summary>
    public static IConfigValidator Lambda(Func<object?, string?> check, string description) => new PredicateValidator(check, description);

    /// <summary>Values valid for every one of <paramref name="validators"/>.</summary>
    public static IConfigValidator All(params IConfigValidator[] validators) => new CompositeValidator(validators);

    private sealed class RangeValidator(double minimum, double? maximum) : IConfigValidator
    {
        public void EnsureValid(string name, object? value)
        {
            if (value is null)
            {
                return;
            }

            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            if (number < minimum || (maximum is { } max && number > max))
            {
                throw new ConfigException(name, value, $"value must be {Describe()}");
            }
        }

        public string Describe() => maximum is { } max
            ? $"between {Format(minimum)} and {Format(max)}"
            : $"at least {Format(minimum)}";

        private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class ValidStringValidator(string[] values, StringComparer comparer) : IConfigValidator
    {
        public void EnsureValid(string name, object? value)
        {
            if (value is string s && !values.Contains(s, comparer))
            {
                throw new ConfigException(name, value, $"must be {Describe()}");
            }
        }

        public string Describe() => $"one of [{string.Join(", ", values)}]";
    }

    private sealed class ValidListValidator(string[] values) : IConfigValidator
    {
        public void EnsureValid(string name, object? value)
        {
            if (value is IReadOnlyList<string> list && list.FirstOrDefault(item => !values.Contains(item, StringComparer.Ordinal)) is { } bad)
            {
                throw new ConfigException(name, value is null ? null : string.Join(",", list), $"'{bad}' is not allowed; items must be {Describe()}");
            }
        }

        public string Describe() => $"any of [{string.Join(", ", values)}]";
    }

    private sealed class PredicateValidator(Func<object?, string?> check, string description) : IConfigValidator
    {
        public void EnsureValid(string name, object? value)
        {
            if (check(value) is { } reason)
            {
                throw new ConfigException(name, value, reason);
            }
        }

        public string Describe() => description;
    }

    private sealed class CompositeValidator(IConfigValidator[] validators) : IConfigValidator
    {
        public void EnsureValid(string name, object? value)
        {
            foreach (var validator in validators)
            {
                validator.EnsureValid(name, value);
            }
        }

        public string Describe() => string.Join(" and ", validators.Select(v => v.Describe()));
    }
}
