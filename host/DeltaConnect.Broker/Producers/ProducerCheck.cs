using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Producers;

/// <summary>Outcome of checking a batch against its producer's state.</summary>
internal readonly record struct ProducerCheck(ErrorCode Error, string? Message, ProducerBatch? Duplicate)
{
    public static ProducerCheck Accept { get; } = new(ErrorCode.None, null, null);

    public bool IsDuplicate => Duplicate is not null;

    public static ProducerCheck Reject(ErrorCode error, string message) => new(error, message, null);

    public static ProducerCheck DuplicateOf(ProducerBatch original) => new(ErrorCode.None, null, original);
}
