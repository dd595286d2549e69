using Microsoft.Extensions.Logging;

namespace DeltaConnect.Rest;

/// <summary>The REST server's log messages.</summary>
internal static partial class RestLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "REST API listening on {Addresses} (authentication {Authentication})")]
    public static partial void Listening(ILogger logger, string addresses, string authentication);

    [LoggerMessage(Level = LogLevel.Error, Message = "REST request {Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, Exception exception);
}
