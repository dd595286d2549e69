using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Kafka;

/// <summary>Routes librdkafka's log lines and errors to the host's logger at matching levels.</summary>
internal static partial class ClientLog
{
    public static void Log(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        Client(logger, level, message.Name, message.Facility, message.Message);
    }

    public static void Error(ILogger logger, Error error)
    {
        // Broker connection hiccups are retried by the client; they are worth a warning, not an error.
        ClientError(logger, error.IsFatal ? LogLevel.Error : LogLevel.Warning, error.Code, error.Reason);
    }

    [LoggerMessage(Message = "{Client} [{Facility}] {Text}")]
    private static partial void Client(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(Message = "Kafka client error {Code}: {Reason}")]
    private static partial void ClientError(ILogger logger, LogLevel level, ErrorCode code, string reason);
}
