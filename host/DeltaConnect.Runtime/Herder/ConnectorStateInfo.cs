using DeltaConnect.Runtime.Storage;

namespace DeltaConnect.Runtime.Herder;

/// <summary>A connector's status and its tasks' statuses, as the REST API reports them.</summary>
internal sealed record ConnectorStateInfo(string Name, string Type, StatusRecord Connector, IReadOnlyList<KeyValuePair<int, StatusRecord>> Tasks);
