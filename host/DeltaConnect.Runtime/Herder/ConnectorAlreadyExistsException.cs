using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Herder;

/// <summary>A connector with the name already exists (HTTP 409 in the REST API).</summary>
internal sealed class ConnectorAlreadyExistsException(string name) : ConnectException($"Connector {name} already exists");
