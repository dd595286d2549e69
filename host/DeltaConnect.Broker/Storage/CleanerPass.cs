namespace DeltaConnect.Broker.Storage;

/// <summary>One completed cleaning pass: offsets below <see cref="EndOffset"/> were compacted at <see cref="TimeMs"/>.</summary>
internal sealed record CleanerPass(long EndOffset, long TimeMs);
