using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Herder;

/// <summary>A connector or task that a request names does not exist (HTTP 404 in the REST API).</summary>
internal sealed class NotFoundException(string message) : ConnectException(message);
