using System.Globalization;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Config;

/// <summary>
/// The configs a plugin accepts, each declared once with its type, default, validator, importance and
/// documentation; the runtime parses and validates user configs with it and generates documentation from it.
/// <code>
/// public static readonly ConfigDef Definition = new ConfigDef()
///     .Define("file", ConfigType.String, Importance.High, "Path of the file to read.")
///     .Define("batch.size", ConfigType.Int, 2000, Validators.AtLeast(1), Importance.Low, "Records per poll.");
/// </code>
/// </summary>
public sealed class ConfigDef
{
    /// <summary>Marks a key as required: it has no default.</summary>
    public static readonly object NoDefaultValue = new();

    private readonly Dictionary<string, ConfigKey> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _groups = [];

    /// <summary>The defined keys by name.</summary>
    public IReadOnlyDictionary<string, ConfigKey> ConfigKeys => _keys;

    /// <summary>The key names, in definition order.</summary>
    public IEnumerable<string> Names => _keys.Keys;

    /// <summary>The groups, in the order their first key was defined.</summary>
    public IReadOnlyList<string> Groups => _groups;

    /// <summary>Defines a key with every detail.</summary>
    /// <exception cref="ConfigException">When the key is already defined or the default does not parse or validate.</exception>
    public ConfigDef Define(
        string name,
        ConfigType type,
        object? defaultValue,
        IConfigValidator? validator,
        Importance importance,
        string documentation,
        string? group = null,
        int orderInGroup = -1,
        Width width = Width.None,
        string? displayName = null,
        IReadOnlyList<string>? dependents = null,
        IConfigRecommender? recommender = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_keys.ContainsKey(name))
        {
            throw new ConfigException($"Configuration {name} is defined twice.");
        }

        var parsedDefault = ReferenceEquals(defaultValue, NoDefaultValue) || defaultValue is null
            ? defaultValue
            : ParseValue(name, type, defaultValue);
        if (parsedDefault is not null && !ReferenceEquals(parsedDefault, NoDefaultValue))
        {
            validator?.EnsureValid(name, parsedDefault);
        }

        _keys[name] = new ConfigKey(name, type, parsedDefault, validator, importance, documentation, group, orderInGroup, width, displayName ?? name, dependents ?? [], recommender);
        if (group is not null && !_groups.Contains(group))
        {
            _groups.Add(group);
        }

        return this;
    }

    /// <summary>Defines a required key (no default).</summary>
    public ConfigDef Define(string name, ConfigType type, Importance importance, string documentation) =>
        Define(name, type, NoDefaultValue, null, importance, documentation);

    /// <summary>
    /// Defines a key with a default (null is a valid default: the key is optional). For a required key with a
    /// validator, pass <see cref="NoDefaultValue"/> to the full overload.
    /// </summary>
    public ConfigDef Define(string name, ConfigType type, object? defaultValue, Importance importance, string documentation) =>
        Define(name, type, defaultValue, null, importance, documentation);

    /// <summary>Adds every key of <paramref name="other"/> (keys defined in both are an error).</summary>
    public ConfigDef Merge(ConfigDef other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var key in other._keys.Values)
        {
            Define(key.Name, key.Type, key.DefaultValue, key.Validator, key.Importance, key.Documentation, key.Group, key.OrderInGroup, key.Width, key.DisplayName, key.Dependents, key.Recommender);
        }

        return this;
    }

    /// <summary>
    /// Parses and validates <paramref name="props"/>: every defined key gets its parsed value or its default.
    /// Keys that are not defined are ignored (plugins may pass them on).
    /// </summary>
    /// <exception cref="ConfigException">For the first missing required key or invalid value, naming it and the fix.</exception>
    public IReadOnlyDictionary<string, object?> Parse(IReadOnlyDictionary<string, string?> props)
    {
        ArgumentNullException.ThrowIfNull(props);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in _keys.Values)
        {
            values[key.Name] = ParseKey(key, props);
        }

        return values;
    }

    /// <summary>
    /// Validates <paramref name="props"/> without throwing: one <see cref="ConfigValue"/> per defined key with its
    /// errors, recommended values and visibility (what a "validate config" API returns).
    /// </summary>
    public IReadOnlyList<ConfigValue> Validate(IReadOnlyDictionary<string, string?> props)
    {
        ArgumentNullException.ThrowIfNull(props);
        var results = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        var parsed = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in _keys.Values)
        {
            var result = new ConfigValue(key.Name);
            try
            {
                result.Value = parsed[key.Name] = ParseKey(key, props);
            }
            catch (ConfigException e)
            {
                result.AddError(e.Message);
                result.Value = props.GetValueOrDefault(key.Name) is { } raw && key.Type == ConfigType.Password ? new Password(raw) : props.GetValueOrDefault(key.Name);
            }

            results[key.Name] = result;
        }

        foreach (var key in _keys.Values.Where(k => k.Recommender is not null))
        {
            var result = results[key.Name];
            result.SetRecommendedValues(key.Recommender!.ValidValues(key.Name, parsed));
            result.Visible = key.Recommender.Visible(key.Name, parsed);
        }

        return [.. results.Values];
    }

    /// <summary>Parses one raw value as <paramref name="type"/>.</summary>
    /// <exception cref="ConfigException">Naming <paramref name="name"/> when the value does not parse.</exception>
    public static object? ParseValue(string name, ConfigType type, object? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not string text)
        {
            return (type, value) switch
            {
                (ConfigType.Boolean, bool) or (ConfigType.Int, int) or (ConfigType.Short, short) or (ConfigType.Long, long) or (ConfigType.Double, double)
                    or (ConfigType.Password, Password) or (ConfigType.List, IReadOnlyList<string>) => value,
                (ConfigType.Long, int i) => (long)i,
                (ConfigType.Double, int i) => (double)i,
                (ConfigType.Password, _) => new Password(Convert.ToString(value, CultureInfo.InvariantCulture)!),
                (ConfigType.List, IEnumerable<string> items) => items.ToList(),
                _ => ParseValue(name, type, Convert.ToString(value, CultureInfo.InvariantCulture)),
            };
        }

        var trimmed = text.Trim();
        return type switch
        {
            ConfigType.String or ConfigType.Class => trimmed,
            ConfigType.Password => new Password(text),
            ConfigType.Boolean => bool.TryParse(trimmed, out var b) ? b : throw Invalid(name, trimmed, "expected true or false"),
            ConfigType.Int => int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : throw Invalid(name, trimmed, "expected a whole number"),
            ConfigType.Short => short.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : throw Invalid(name, trimmed, "expected a whole number between -32768 and 32767"),
            ConfigType.Long => long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : throw Invalid(name, trimmed, "expected a whole number"),
            ConfigType.Double => double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Invalid(name, trimmed, "expected a number"),
            ConfigType.List => trimmed.Length == 0 ? [] : trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
            _ => throw new ConfigException($"Configuration {name} has unknown type {type}."),
        };
    }

    /// <summary>Formats a parsed value back to its string form; passwords come out as [hidden].</summary>
    public static string? FormatValue(ConfigType type, object? value) => value switch
    {
        null => null,
        Password => Password.Hidden,
        bool b => b ? "true" : "false",
        IReadOnlyList<string> list => string.Join(",", list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static ConfigException Invalid(string name, object? value, string reason) => new(name, value, reason);

    private static object? ParseKey(ConfigKey key, IReadOnlyDictionary<string, string?> props)
    {
        object? value;
        if (props.TryGetValue(key.Name, out var raw))
        {
            value = ParseValue(key.Name, key.Type, raw);
        }
        else if (key.HasDefault)
        {
            value = key.DefaultValue;
        }
        else
        {
            throw new ConfigException($"Missing required configuration \"{key.Name}\" which has no default value. {key.Documentation}");
        }

        if (value is not null)
        {
            try
            {
                // Validators check the secret itself; their messages are replaced below so it never leaks.
                key.Validator?.EnsureValid(key.Name, value is Password password ? password.Value : value);
            }
            catch (ConfigException) when (key.Type == ConfigType.Password)
            {
                throw new ConfigException(key.Name, Password.Hidden, "the secret does not satisfy " + key.Validator!.Describe());
            }
        }

        return value;
    }
}
