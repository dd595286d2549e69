namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>The REST catalog answered a request with an error (the message names the request, status and the server's error, never credentials).</summary>
internal sealed class RestCatalogException(string message, int? statusCode = null, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; } = statusCode;
}
