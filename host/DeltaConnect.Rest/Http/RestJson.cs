using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaConnect.Rest.Http;

/// <summary>How the API writes JSON: Kafka Connect's snake_case property names.</summary>
internal static class RestJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
