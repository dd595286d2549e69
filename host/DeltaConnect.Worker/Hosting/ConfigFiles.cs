using System.Text.Json;
using DeltaConnect.Sdk.Errors;
using YamlDotNet.RepresentationModel;

namespace DeltaConnect.Worker.Hosting;

/// <summary>
/// Reads worker and connector config files: Java-style <c>.properties</c> (what Kafka Connect uses), YAML (nested
/// maps are flattened with dots: <c>key: {converter: x}</c> is <c>key.converter=x</c>), and for connectors the JSON body
/// of Kafka Connect's <c>POST /connectors</c> (<c>{"name": ..., "config": {...}}</c>).
/// </summary>
internal static class ConfigFiles
{
    public static Dictionary<string, string> ReadWorkerConfig(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".yaml" or ".yml" => ReadYaml(path),
            ".json" => ReadJsonMap(path, JsonDocument.Parse(File.ReadAllText(path)).RootElement),
            _ => ReadProperties(path),
        };

    /// <summary>A connector file: its name and config.</summary>
    public static (string Name, Dictionary<string, string> Config) ReadConnector(string path)
    {
        Dictionary<string, string> config;
        string? name;
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".json":
                using (var document = ParseJson(path))
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        throw new ConfigException($"{path}: expected a JSON object like {{\"name\": \"my-connector\", \"config\": {{...}}}}.");
                    }

                    config = root.TryGetProperty("config", out var body) ? ReadJsonMap(path, body) : ReadJsonMap(path, root);
                    name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : config.GetValueOrDefault("name");
                }

                break;
            case ".yaml" or ".yml":
                config = ReadYaml(path);
                name = config.GetValueOrDefault("name");
                break;
            default:
                config = ReadProperties(path);
                name = config.GetValueOrDefault("name");
                break;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ConfigException($"{path}: the connector has no name; add \"name\" (beside \"config\" in JSON, or name=... in properties).");
        }

        config["name"] = name;
        return (name, config);
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private static Dictionary<string, string> ReadJsonMap(string path, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException($"{path}: \"config\" must be a JSON object of string values.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => throw new ConfigException($"{path}: config value of \"{property.Name}\" must be a string, number or boolean."),
            };
        }

        return result;
    }

    private static Dictionary<string, string> ReadProperties(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('!'))
            {
                continue;
            }

            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                throw new ConfigException($"{path}:{lineNumber}: expected key=value, found '{line}'.");
            }

            result[line[..separator].Trim()] = line[(separator + 1)..].Trim();
        }

        return result;
    }

    private static Dictionary<string, string> ReadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            try
            {
                stream.Load(reader);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new ConfigException($"{path} is not valid YAML (line {e.Start.Line}): {e.Message}", e);
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.Documents.Count > 0)
        {
            Flatten(path, "", stream.Documents[0].RootNode, result);
        }

        return result;
    }

    private static void Flatten(string path, string prefix, YamlNode node, Dictionary<string, string> result)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    Flatten(path, prefix.Length == 0 ? name : $"{prefix}.{name}", value, result);
                }

                break;
            case YamlSequenceNode sequence:
                result[prefix] = string.Join(",", sequence.Children.Select(c => (c as YamlScalarNode)?.Value ?? ""));
                break;
            case YamlScalarNode scalar:
                result[prefix] = scalar.Value ?? "";
                break;
            default:
                throw new ConfigException($"{path}: unsupported YAML value at '{prefix}'.");
        }
    }
}
