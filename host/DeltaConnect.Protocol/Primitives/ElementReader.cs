namespace DeltaConnect.Protocol.Primitives;

/// <summary>Reads one element of an array of structures.</summary>
public delegate T ElementReader<T>(ref ProtocolReader reader);
