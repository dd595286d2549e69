using System.Text.Json;
using DeltaConnect.Runtime.Storage;
using Microsoft.AspNetCore.Http;

namespace DeltaConnect.Rest.Http;

/// <summary>
/// Reads JSON request bodies: checks the content type (415), the size (413, through Kestrel's body limit), and the
/// syntax (400 naming the problem and its position), then turns values into the shapes routes need, with errors
/// that name the field.
/// </summary>
internal static class RequestBody
{
    public static async Task<JsonElement> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            throw new RestException(StatusCodes.Status415UnsupportedMediaType,
                $"Unsupported content type '{request.ContentType ?? "(none)"}': send the body as JSON with 'Content-Type: application/json'.");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var position = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
            throw new RestException(StatusCodes.Status400BadRequest, $"Request body is not valid JSON{position}: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>The body must be a JSON object.</summary>
    public static JsonElement Object(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RestException(StatusCodes.Status400BadRequest, $"{what} must be a JSON object, not {Describe(element)}.");
        }

        return element;
    }

    /// <summary>
    /// A connector config: an object of string values (numbers and booleans are taken as their text, as Kafka Connect
    /// does); with <paramref name="allowNull"/> a null value means "remove".
    /// </summary>
    public static Dictionary<string, string?> Config(JsonElement element, string what, bool allowNull)
    {
        Object(element, what);
        var config = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            config[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                JsonValueKind.Null when allowNull => null,
                _ => throw new RestException(StatusCodes.Status400BadRequest,
                    $"{what}: the value of '{property.Name}' must be a string{(allowNull ? " or null (to remove it)" : "")}, not {Describe(property.Value)}."),
            };
        }

        return config;
    }

    /// <summary>A plain JSON object as maps, lists, strings, numbers and booleans.</summary>
    public static IReadOnlyDictionary<string, object?> Map(JsonElement element, string what) =>
        (IReadOnlyDictionary<string, object?>)InternalJson.FromElement(Object(element, what))!;

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim() is var mediaType &&
        (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static string FirstSentence(string message)
    {
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        return path > 0 ? message[..path] : message;
    }
}
