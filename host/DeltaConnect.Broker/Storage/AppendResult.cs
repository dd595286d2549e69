using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Storage;

/// <summary>Outcome of appending a produce request's batches to one partition.</summary>
internal readonly record struct AppendResult(ErrorCode Error, long BaseOffset, long LogAppendTime, long LogStartOffset, string? Message)
{
    public static AppendResult Failed(ErrorCode error, string message, long logStartOffset = -1) => new(error, -1, -1, logStartOffset, message);
}
