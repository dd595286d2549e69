using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Herder;

/// <summary>A request that cannot be carried out as asked; the message says why and what to do (HTTP 400 in the REST API).</summary>
internal sealed class BadRequestException(string message) : ConnectException(message);
