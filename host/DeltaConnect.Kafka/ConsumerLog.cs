using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Kafka;

/// <summary>Log messages of the consumer adapter.</summary>
internal static partial class ConsumerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer keeps polling after a transient error {Code}: {Reason}")]
    public static partial void TransientError(ILogger logger, ErrorCode code, string reason);
}
