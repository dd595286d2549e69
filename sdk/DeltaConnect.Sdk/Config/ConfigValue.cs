namespace DeltaConnect.Sdk.Config;

/// <summary>The outcome of validating one config: its value, the errors found, recommended values and visibility.</summary>
public sealed class ConfigValue
{
    private readonly List<string> _errors = [];
    private readonly List<object> _recommended = [];

    /// <summary>Creates a result for <paramref name="name"/>.</summary>
    public ConfigValue(string name, object? value = null)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The key.</summary>
    public string Name { get; }

    /// <summary>The parsed value (a <see cref="Password"/> for secrets, which prints as [hidden]).</summary>
    public object? Value { get; set; }

    /// <summary>Errors found, each naming the problem and the fix.</summary>
    public IReadOnlyList<string> ErrorMessages => _errors;

    /// <summary>Values that would be valid.</summary>
    public IReadOnlyList<object> RecommendedValues => _recommended;

    /// <summary>Whether the key matters given the other values.</summary>
    public bool Visible { get; set; } = true;

    /// <summary>Adds an error.</summary>
    public void AddError(string message) => _errors.Add(message);

    /// <summary>Replaces the recommended values.</summary>
    public void SetRecommendedValues(IEnumerable<object> values)
    {
        _recommended.Clear();
        _recommended.AddRange(values);
    }
}
