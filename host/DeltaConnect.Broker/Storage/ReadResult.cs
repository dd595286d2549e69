using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Storage;

/// <summary>Outcome of reading a partition for a fetch. <see cref="Records"/> must be disposed after use.</summary>
internal readonly record struct ReadResult(ErrorCode Error, long HighWatermark, long LogStartOffset, SegmentSlice? Records);
