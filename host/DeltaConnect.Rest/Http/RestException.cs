namespace DeltaConnect.Rest.Http;

/// <summary>An error the API answers with a status code and <c>{"error_code", "message"}</c>.</summary>
internal sealed class RestException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
