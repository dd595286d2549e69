using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Runtime.Herder;

/// <summary>What a connector gets from the runtime: a way to ask for new task configs and to report failure.</summary>
internal sealed class ConnectorContext(string connectorName, Action<string> requestReconfiguration, Action<string, Exception> raiseError, IOffsetStorageReader? offsets) : IConnectorContext
{
    public string ConnectorName { get; } = connectorName;

    public IOffsetStorageReader? OffsetStorageReader { get; } = offsets;

    public void RequestTaskReconfiguration() => requestReconfiguration(ConnectorName);

    public void RaiseError(Exception error) => raiseError(ConnectorName, error);
}
