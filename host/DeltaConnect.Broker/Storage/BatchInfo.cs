namespace DeltaConnect.Broker.Storage;

/// <summary>Where one record batch sits in a segment file, and the offsets and time it covers.</summary>
internal readonly record struct BatchInfo(long Position, int Size, long BaseOffset, long LastOffset, long MaxTimestamp);
