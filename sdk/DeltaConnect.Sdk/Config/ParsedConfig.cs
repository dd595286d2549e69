using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Config;

/// <summary>
/// A plugin's config parsed against its <see cref="ConfigDef"/>, with typed getters. The original strings stay
/// available (<see cref="Originals"/>) for keys the definition does not know, such as prefixed pass-through settings.
/// </summary>
public class ParsedConfig
{
    private readonly IReadOnlyDictionary<string, object?> _values;

    /// <summary>Parses <paramref name="originals"/> with <paramref name="definition"/>.</summary>
    /// <exception cref="ConfigException">When a required key is missing or a value is invalid.</exception>
    public ParsedConfig(ConfigDef definition, IReadOnlyDictionary<string, string> originals)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(originals);
        Definition = definition;
        Originals = originals;
        _values = definition.Parse(originals.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal));
    }

    /// <summary>The definition used to parse.</summary>
    public ConfigDef Definition { get; }

    /// <summary>The raw configuration.</summary>
    public IReadOnlyDictionary<string, string> Originals { get; }

    /// <summary>The parsed value of a defined key.</summary>
    /// <exception cref="ConfigException">When the key is not defined.</exception>
    public object? Get(string name) => _values.TryGetValue(name, out var value)
        ? value
        : throw new ConfigException($"Configuration {name} is not defined by this plugin's ConfigDef.");

    /// <summary>A String or Class config.</summary>
    public string? GetString(string name) => (string?)Get(name);

    /// <summary>An Int config.</summary>
    public int GetInt(string name) => (int)Get(name)!;

    /// <summary>A Short config.</summary>
    public short GetShort(string name) => (short)Get(name)!;

    /// <summary>A Long config.</summary>
    public long GetLong(string name) => (long)Get(name)!;

    /// <summary>A Double config.</summary>
    public double GetDouble(string name) => (double)Get(name)!;

    /// <summary>A Boolean config.</summary>
    public bool GetBoolean(string name) => (bool)Get(name)!;

    /// <summary>A List config.</summary>
    public IReadOnlyList<string> GetList(string name) => (IReadOnlyList<string>?)Get(name) ?? [];

    /// <summary>A Password config.</summary>
    public Password? GetPassword(string name) => (Password?)Get(name);

    /// <summary>The original entries whose keys start with <paramref name="prefix"/>, with the prefix removed.</summary>
    public IReadOnlyDictionary<string, string> OriginalsWithPrefix(string prefix, bool stripPrefix = true) =>
        Originals.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(p => stripPrefix ? p.Key[prefix.Length..] : p.Key, p => p.Value, StringComparer.Ordinal);
}
