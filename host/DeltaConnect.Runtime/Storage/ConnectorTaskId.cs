using System.Globalization;

namespace DeltaConnect.Runtime.Storage;

/// <summary>A task of a connector: the connector's name and the task's index.</summary>
internal readonly record struct ConnectorTaskId(string Connector, int Task)
{
    public override string ToString() => $"{Connector}-{Task.ToString(CultureInfo.InvariantCulture)}";
}
