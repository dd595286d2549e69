using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace DeltaConnect.Runtime.Storage;

/// <summary>
/// Plain JSON for internal topics (what Kafka Connect writes with its JsonConverter and schemas disabled): maps,
/// lists, strings, numbers, booleans and null. Map keys are written sorted so that equal maps have equal bytes —
/// the offsets topic uses serialized keys as identity.
/// </summary>
internal static class InternalJson
{
    public static byte[] Serialize(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, value);
        }

        return stream.ToArray();
    }

    public static object? Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        return Convert(document.RootElement);
    }

    public static IReadOnlyDictionary<string, object?> ParseObject(ReadOnlySpan<byte> json, string what) =>
        Parse(json) as Dictionary<string, object?> ?? throw new JsonException($"{what} is not a JSON object.");

    /// <summary>A string-to-string map from a parsed JSON object (Kafka Connect's "properties").</summary>
    public static Dictionary<string, string> Strings(object? value) =>
        value is IReadOnlyDictionary<string, object?> map
            ? map.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => System.Convert.ToString(p.Value, CultureInfo.InvariantCulture)!, StringComparer.Ordinal)
            : [];

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or sbyte or byte or uint or ushort:
                writer.WriteNumberValue(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case float or double:
                writer.WriteNumberValue(System.Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyDictionary<string, string> strings:
                writer.WriteStartObject();
                foreach (var (key, item) in strings.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new JsonException($"{value.GetType().Name} values cannot be stored in an internal topic; use strings, numbers, booleans, maps or lists.");
        }
    }

    /// <summary>A parsed JSON value as the plain objects this class writes (maps, lists, strings, longs, doubles, booleans).</summary>
    public static object? FromElement(JsonElement element) => Convert(element);

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.Ordinal),
        _ => throw new JsonException($"Unexpected JSON {element.ValueKind}."),
    };
}
