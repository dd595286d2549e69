namespace DeltaConnect.Protocol.Messages;

/// <summary>A broker's node id and the address clients connect to.</summary>
public sealed record BrokerEndpoint(int NodeId, string Host, int Port, string? Rack = null);
