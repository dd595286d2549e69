using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Topics;

/// <summary>Outcome of a topic operation: an error code and, when it failed, a message that names the problem.</summary>
internal readonly record struct TopicOperationResult(ErrorCode Error, string? Message)
{
    public static TopicOperationResult Ok { get; } = new(ErrorCode.None, null);

    public static TopicOperationResult Fail(ErrorCode error, string message) => new(error, message);
}
