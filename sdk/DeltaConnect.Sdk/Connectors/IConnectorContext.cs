using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Sdk.Connectors;

/// <summary>What the runtime offers a connector.</summary>
public interface IConnectorContext
{
    /// <summary>The connector instance's name.</summary>
    string ConnectorName { get; }

    /// <summary>Asks the runtime to call <see cref="Connector.TaskConfigs"/> again (e.g. the set of tables changed).</summary>
    void RequestTaskReconfiguration();

    /// <summary>Fails the connector with <paramref name="error"/> (shown in its status).</summary>
    void RaiseError(Exception error);

    /// <summary>Stored source offsets (for source connectors that plan tasks from them; null for others).</summary>
    IOffsetStorageReader? OffsetStorageReader { get; }
}
