using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>
/// Request header v1 (api key, version, correlation id, nullable client id) or v2 (v1 plus tagged fields),
/// chosen by whether the request version is flexible. The client id stays a classic INT16-length string in v2.
/// </summary>
public sealed record RequestHeader(ApiKey ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    /// <summary>True when the body (and this header) use the flexible encoding.</summary>
    public bool Flexible => ApiCatalog.IsFlexible(ApiKey, ApiVersion) ||
        (ApiKey == ApiKey.ApiVersions && ApiVersion >= 3);

    /// <summary>
    /// Reads the header at the start of a request frame and positions <paramref name="reader"/> on the body,
    /// with the body's encoding selected.
    /// </summary>
    public static RequestHeader Read(ref ProtocolReader reader)
    {
        reader.Flexible = false;
        var apiKey = (ApiKey)reader.ReadInt16("request_api_key");
        var apiVersion = reader.ReadInt16("request_api_version");
        var correlationId = reader.ReadInt32("correlation_id");
        var clientId = reader.ReadNullableString("client_id");
        var header = new RequestHeader(apiKey, apiVersion, correlationId, clientId);
        if (header.Flexible)
        {
            reader.Flexible = true;
            reader.SkipTaggedFields();
        }

        return header;
    }

    /// <summary>
    /// Writes the response header for this request: v1 (correlation id + tagged fields) for flexible requests,
    /// v0 otherwise — except ApiVersions, whose response header is always v0 so that any client can read it.
    /// </summary>
    public void WriteResponseHeader(ProtocolWriter writer)
    {
        writer.Flexible = false;
        writer.WriteInt32(CorrelationId);
        if (Flexible && ApiKey != ApiKey.ApiVersions)
        {
            writer.Flexible = true;
            writer.WriteEmptyTaggedFields();
        }

        writer.Flexible = Flexible;
    }
}
