namespace DeltaConnect.Protocol.Records;

/// <summary>A record header: a string key and nullable bytes.</summary>
public readonly record struct RecordHeader(string Key, ReadOnlyMemory<byte>? Value);
