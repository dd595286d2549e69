using System.Text;
using System.Text.RegularExpressions;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Configuration;

/// <summary>
/// Resolves config provider variables — <c>${env:NAME}</c>, <c>${file:/path/to/file.properties:key}</c>,
/// <c>${directory:/path/to/dir:file}</c> — in connector and worker configs, as Kafka Connect's config providers do.
/// Stored configs keep the variables; they are resolved only when a connector or task starts (and when a config is
/// validated), so a secret is never written to the config topic, returned by the API, or logged.
/// </summary>
/// <remarks>
/// Providers are enabled on the worker, with Kafka's names: <c>config.providers=env,file</c> and optionally
/// <c>config.providers.&lt;name&gt;.class</c> (the built-in classes answer to Kafka's class names) and
/// <c>config.providers.&lt;name&gt;.param.*</c> (<c>allowlist.pattern</c> for env, <c>allowed.paths</c> for file and
/// directory). A variable naming a provider that is not enabled stays as it is (it may be literal text); a variable of
/// an enabled provider that cannot be resolved is an error naming the option and the variable.
/// </remarks>
internal sealed partial class ConfigTransformer
{
    /// <summary>The worker option listing the enabled providers.</summary>
    public const string ProvidersOption = "config.providers";

    private readonly Dictionary<string, IConfigProvider> _providers;

    private ConfigTransformer(Dictionary<string, IConfigProvider> providers)
    {
        _providers = providers;
    }

    /// <summary>A transformer that resolves nothing.</summary>
    public static ConfigTransformer None { get; } = new([]);

    /// <summary>True when at least one provider is enabled.</summary>
    public bool Enabled => _providers.Count > 0;

    /// <summary>Builds the providers a worker's settings enable.</summary>
    /// <exception cref="ConfigException">When a provider's class is unknown or its parameters are invalid.</exception>
    public static ConfigTransformer FromWorkerSettings(IReadOnlyDictionary<string, string> settings)
    {
        var names = settings.GetValueOrDefault(ProvidersOption) is { } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        var providers = new Dictionary<string, IConfigProvider>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var prefix = $"{ProvidersOption}.{name}.";
            var classOption = prefix + "class";
            var className = settings.GetValueOrDefault(classOption) ?? name;
            var parameters = settings
                .Where(p => p.Key.StartsWith(prefix + "param.", StringComparison.Ordinal))
                .ToDictionary(p => p.Key[(prefix.Length + "param.".Length)..], p => p.Value, StringComparer.Ordinal);
            providers[name] = SimpleName(className) switch
            {
                "env" or "EnvVarConfigProvider" => new EnvVarConfigProvider(prefix + "param.", parameters),
                "file" or "FileConfigProvider" => new FileConfigProvider(prefix + "param.", parameters),
                "directory" or "DirectoryConfigProvider" => new DirectoryConfigProvider(prefix + "param.", parameters),
                _ => throw new ConfigException(classOption, className,
                    "not a known config provider. Use EnvVarConfigProvider (env), FileConfigProvider (file) or DirectoryConfigProvider (directory), or leave the class out for a provider named env, file or directory."),
            };
        }

        return new ConfigTransformer(providers);
    }

    /// <summary>True when a value holds a variable of an enabled provider.</summary>
    public bool HasVariables(string? value) =>
        value is not null && value.Contains("${", StringComparison.Ordinal) && Variable().Matches(value).Any(m => _providers.ContainsKey(m.Groups["provider"].Value));

    /// <summary>The config with every variable of an enabled provider replaced by its value.</summary>
    /// <exception cref="ConfigException">When a variable cannot be resolved (names the option and the variable, never a value).</exception>
    public IReadOnlyDictionary<string, string> Transform(IReadOnlyDictionary<string, string> config)
    {
        if (!Enabled || !config.Values.Any(HasVariables))
        {
            return config;
        }

        var resolved = new Dictionary<string, string>(config.Count, StringComparer.Ordinal);
        foreach (var (key, value) in config)
        {
            resolved[key] = HasVariables(value) ? Resolve(key, value) : value;
        }

        return resolved;
    }

    /// <summary>
    /// Like <see cref="Transform"/>, but a variable that cannot be resolved leaves its option as it is and adds the
    /// reason to <paramref name="errors"/> (by option) instead of throwing — for validation, which reports every field.
    /// </summary>
    public IReadOnlyDictionary<string, string> TransformEach(IReadOnlyDictionary<string, string> config, out IReadOnlyDictionary<string, string> errors)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        errors = problems;
        if (!Enabled || !config.Values.Any(HasVariables))
        {
            return config;
        }

        var resolved = new Dictionary<string, string>(config.Count, StringComparer.Ordinal);
        foreach (var (key, value) in config)
        {
            try
            {
                resolved[key] = HasVariables(value) ? Resolve(key, value) : value;
            }
            catch (ConfigException e)
            {
                resolved[key] = value;
                problems[key] = e.Message;
            }
        }

        return resolved;
    }

    /// <summary>
    /// Task configs a connector generated from its resolved config, with the resolved secrets put back as the variables
    /// of the stored connector config (what Kafka Connect calls a reverse transform), so task configs in the config
    /// topic hold no secret either.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ReverseTransform(
        IReadOnlyDictionary<string, string> rawConnectorConfig,
        IReadOnlyDictionary<string, string> resolvedConnectorConfig,
        IReadOnlyList<IReadOnlyDictionary<string, string>> taskConfigs)
    {
        var variables = rawConnectorConfig.Where(p => HasVariables(p.Value)).ToList();
        if (variables.Count == 0)
        {
            return taskConfigs;
        }

        return [.. taskConfigs.Select(task =>
        {
            var copy = new Dictionary<string, string>(task, StringComparer.Ordinal);
            foreach (var (key, raw) in variables)
            {
                if (copy.TryGetValue(key, out var value) && resolvedConnectorConfig.TryGetValue(key, out var resolved) && value == resolved)
                {
                    copy[key] = raw;
                }
            }

            return (IReadOnlyDictionary<string, string>)copy;
        })];
    }

    private static string SimpleName(string className) => className[(className.LastIndexOf('.') + 1)..];

    private string Resolve(string option, string value)
    {
        var result = new StringBuilder(value.Length);
        var last = 0;
        foreach (Match match in Variable().Matches(value))
        {
            var provider = match.Groups["provider"].Value;
            if (!_providers.TryGetValue(provider, out var resolver))
            {
                continue;
            }

            var path = match.Groups["path"].Success ? match.Groups["path"].Value : "";
            var key = match.Groups["key"].Value;
            var found = resolver.Get(path, key, out var problem);
            if (found is null)
            {
                throw new ConfigException(option, match.Value, problem);
            }

            result.Append(value, last, match.Index - last).Append(found);
            last = match.Index + match.Length;
        }

        return result.Append(value, last, value.Length - last).ToString();
    }

    // Kafka's syntax: ${provider:[path:]key}; the path may itself contain ':' only when a key follows.
    [GeneratedRegex(@"\$\{(?<provider>[^}:]+?):(?:(?<path>[^}]*):)?(?<key>[^}:]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}

/// <summary>One config provider: the value of a key under a path, or null with the reason.</summary>
internal interface IConfigProvider
{
    string? Get(string path, string key, out string problem);
}

/// <summary><c>${env:NAME}</c>: an environment variable of the worker process (filtered by <c>allowlist.pattern</c>).</summary>
internal sealed class EnvVarConfigProvider : IConfigProvider
{
    private readonly Regex _allowlist;

    public EnvVarConfigProvider(string paramPrefix, IReadOnlyDictionary<string, string> parameters)
    {
        var pattern = parameters.GetValueOrDefault("allowlist.pattern") ?? ".*";
        try
        {
            _allowlist = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(paramPrefix + "allowlist.pattern", pattern, "not a valid regular expression: " + e.Message);
        }
    }

    public string? Get(string path, string key, out string problem)
    {
        if (path.Length > 0)
        {
            problem = "the env provider takes no path: write ${env:NAME}.";
            return null;
        }

        if (!_allowlist.IsMatch(key))
        {
            problem = $"environment variable {key} is not allowed by the env provider's allowlist.pattern.";
            return null;
        }

        problem = $"environment variable {key} is not set on the worker.";
        return Environment.GetEnvironmentVariable(key);
    }
}

/// <summary>Reading files for the file and directory providers, restricted to <c>allowed.paths</c> when set.</summary>
internal abstract class FileSystemConfigProvider : IConfigProvider
{
    private readonly List<string> _allowed;

    protected FileSystemConfigProvider(string paramPrefix, IReadOnlyDictionary<string, string> parameters)
    {
        _allowed = [];
        foreach (var entry in (parameters.GetValueOrDefault("allowed.paths") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!System.IO.Path.IsPathFullyQualified(entry))
            {
                throw new ConfigException(paramPrefix + "allowed.paths", entry, "each allowed path must be absolute.");
            }

            _allowed.Add(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(entry)));
        }
    }

    public abstract string? Get(string path, string key, out string problem);

    /// <summary>The full path when it may be read, otherwise null with the reason.</summary>
    protected string? Allowed(string path, out string problem)
    {
        if (!System.IO.Path.IsPathFullyQualified(path))
        {
            problem = $"the path '{path}' must be absolute.";
            return null;
        }

        var full = System.IO.Path.GetFullPath(path);
        if (_allowed.Count > 0 && !_allowed.Any(a => full == a || full.StartsWith(a + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            problem = $"the path '{path}' is outside the provider's allowed.paths.";
            return null;
        }

        problem = "";
        return full;
    }
}

/// <summary><c>${file:/path/file.properties:key}</c>: a key of a Java properties file.</summary>
internal sealed class FileConfigProvider(string paramPrefix, IReadOnlyDictionary<string, string> parameters) : FileSystemConfigProvider(paramPrefix, parameters)
{
    public override string? Get(string path, string key, out string problem)
    {
        if (Allowed(path, out problem) is not { } full)
        {
            return null;
        }

        if (!File.Exists(full))
        {
            problem = $"the file '{path}' does not exist on the worker.";
            return null;
        }

        var value = PropertiesFile.Read(full).GetValueOrDefault(key);
        problem = $"the file '{path}' has no key '{key}'.";
        return value;
    }
}

/// <summary><c>${directory:/path/dir:file}</c>: the content of a file in a directory (Kubernetes secret volumes).</summary>
internal sealed class DirectoryConfigProvider(string paramPrefix, IReadOnlyDictionary<string, string> parameters) : FileSystemConfigProvider(paramPrefix, parameters)
{
    public override string? Get(string path, string key, out string problem)
    {
        if (key.Contains('/', StringComparison.Ordinal) || key is "." or "..")
        {
            problem = $"'{key}' must be a file name inside the directory.";
            return null;
        }

        if (Allowed(System.IO.Path.Combine(path, key), out problem) is not { } full)
        {
            return null;
        }

        problem = $"the directory '{path}' has no file '{key}'.";
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }
}

/// <summary>Java properties files: <c>key=value</c>, <c>key: value</c> or <c>key value</c>, <c>#</c>/<c>!</c> comments, backslash continuations and escapes.</summary>
internal static class PropertiesFile
{
    public static Dictionary<string, string> Read(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var logical = new StringBuilder();
        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.TrimStart();
            if (logical.Length == 0 && (line.Length == 0 || line[0] is '#' or '!'))
            {
                continue;
            }

            if (EndsWithContinuation(line))
            {
                logical.Append(line, 0, line.Length - 1);
                continue;
            }

            logical.Append(line);
            Add(result, logical.ToString());
            logical.Clear();
        }

        if (logical.Length > 0)
        {
            Add(result, logical.ToString());
        }

        return result;
    }

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static void Add(Dictionary<string, string> result, string line)
    {
        var i = 0;
        var key = new StringBuilder();
        while (i < line.Length && line[i] is not ('=' or ':' or ' ' or '\t'))
        {
            i = Unescape(line, i, key);
        }

        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        if (i < line.Length && line[i] is '=' or ':')
        {
            i++;
        }

        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        var value = new StringBuilder();
        while (i < line.Length)
        {
            i = Unescape(line, i, value);
        }

        result[key.ToString()] = value.ToString();
    }

    private static int Unescape(string line, int i, StringBuilder into)
    {
        if (line[i] != '\\' || i + 1 >= line.Length)
        {
            into.Append(line[i]);
            return i + 1;
        }

        var next = line[i + 1];
        switch (next)
        {
            case 't': into.Append('\t'); return i + 2;
            case 'n': into.Append('\n'); return i + 2;
            case 'r': into.Append('\r'); return i + 2;
            case 'f': into.Append('\f'); return i + 2;
            case 'u' when i + 6 <= line.Length && int.TryParse(line.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                into.Append((char)code);
                return i + 6;
            default: into.Append(next); return i + 2;
        }
    }
}
