using System.Text;
using DeltaConnect.Plugins.Processors.Records;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Processors.Fields;

/// <summary>
/// A path to one field in a struct or schemaless map (Kafka Connect's <c>SingleFieldPath</c>). With
/// <see cref="FieldSyntaxVersion.V1"/> it is a single field name. With <see cref="FieldSyntaxVersion.V2"/> it is a
/// dotted path (<c>a.b.c</c>); a step containing dots is wrapped in backticks (<c>`a.b`.c</c>), and a backtick
/// followed by a dot inside such a step is escaped with a backslash.
/// </summary>
internal sealed class FieldPath
{
    private const char Backtick = '`';
    private const char Dot = '.';
    private const char Backslash = '\\';

    private readonly string[] _steps;

    /// <summary>Parses <paramref name="path"/>, configured as <paramref name="configName"/> when given.</summary>
    /// <exception cref="ConfigException">When a backtick has no matching closing backtick.</exception>
    public FieldPath(string path, FieldSyntaxVersion version, string? configName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        Text = path;
        try
        {
            _steps = version == FieldSyntaxVersion.V1 ? [path] : ParseV2(path);
        }
        catch (ConfigException e) when (configName is not null)
        {
            throw new ConfigException(configName, path, e.Message);
        }
    }

    /// <summary>The path as configured.</summary>
    public string Text { get; }

    /// <summary>The field names from the root to the field.</summary>
    public IReadOnlyList<string> Steps => _steps;

    /// <summary>The field at this path in <paramref name="schema"/>, or null when there is none.</summary>
    public Field? FieldFrom(Schema? schema)
    {
        var current = schema;
        for (var i = 0; i < _steps.Length - 1; i++)
        {
            if (current is null || current.Type != SchemaType.Struct)
            {
                return null;
            }

            current = current.Field(_steps[i])?.Schema;
        }

        return current is { Type: SchemaType.Struct } ? current.Field(_steps[^1]) : null;
    }

    /// <summary>The value at this path in <paramref name="value"/>, or null when a step is missing or null.</summary>
    public object? ValueFrom(Struct? value, bool withDefault = true)
    {
        var current = value;
        for (var i = 0; i < _steps.Length - 1 && current is not null; i++)
        {
            var field = current.Schema.Field(_steps[i]);
            if (field is null)
            {
                return null;
            }

            current = Requirements.RequireStructOrNull(current.Get(field), "nested field access");
        }

        if (current?.Schema.Field(_steps[^1]) is not { } last)
        {
            return null;
        }

        return withDefault ? current.Get(last) : current.GetWithoutDefault(last.Name);
    }

    /// <summary>The value at this path in a schemaless map, or null when a step is missing or null.</summary>
    public object? ValueFrom(IReadOnlyDictionary<string, object?>? map)
    {
        var current = map;
        for (var i = 0; i < _steps.Length - 1 && current is not null; i++)
        {
            current = Requirements.RequireMapOrNull(current.GetValueOrDefault(_steps[i]), "nested field access");
        }

        return current?.GetValueOrDefault(_steps[^1]);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string[] ParseV2(string path)
    {
        var steps = new List<string>();
        var index = 0;
        while (index < path.Length)
        {
            if (path[index] != Backtick)
            {
                var start = index;
                index = path.IndexOf(Dot, index);
                if (index >= 0)
                {
                    steps.Add(path[start..index]);
                    index++;
                }
                else
                {
                    steps.Add(path[start..]);
                    index = path.Length;
                }

                continue;
            }

            var backtickAt = index;
            index++;
            var step = new StringBuilder();
            var segmentStart = index;
            while (true)
            {
                index = path.IndexOf(Backtick, index);
                if (index < 0)
                {
                    throw IncompleteBacktickPair(path, backtickAt);
                }

                var escaped = path[index - 1] == Backslash;
                if (index >= path.Length - 1)
                {
                    if (escaped)
                    {
                        throw IncompleteBacktickPair(path, backtickAt);
                    }

                    step.Append(path, segmentStart, index - segmentStart);
                    steps.Add(step.ToString());
                    index++;
                    break;
                }

                if (path[index + 1] != Dot)
                {
                    // A backtick inside the name: keep looking for the one that closes the step.
                    index++;
                    continue;
                }

                if (escaped)
                {
                    step.Append(path, segmentStart, index - 1 - segmentStart).Append(Backtick);
                    index++;
                    segmentStart = index;
                    continue;
                }

                step.Append(path, segmentStart, index - segmentStart);
                steps.Add(step.ToString());
                index += 2;
                break;
            }
        }

        if (path.Length > 0 && path[^1] == Dot)
        {
            steps.Add("");
        }

        if (steps.Count == 0)
        {
            steps.Add(path);
        }

        return [.. steps];
    }

    private static ConfigException IncompleteBacktickPair(string path, int backtickAt) =>
        new($"Incomplete backtick pair in path: [{path}], consider adding a backslash before backtick at position {backtickAt} to escape it");
}
