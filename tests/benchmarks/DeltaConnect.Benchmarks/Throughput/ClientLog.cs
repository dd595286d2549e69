using System.Collections.Concurrent;
using Confluent.Kafka;

namespace DeltaConnect.Benchmarks.Throughput;

/// <summary>
/// Forwards librdkafka's warnings and errors to standard error, naming the broker they concern. Each distinct
/// message is printed once per broker: every client repeats the same configuration warnings (librdkafka 2.x
/// calls the Kafka 0.9 settings deprecated), and the first occurrence says all there is to say.
/// </summary>
internal static class ClientLog
{
    private static readonly ConcurrentDictionary<string, bool> Printed = new(StringComparer.Ordinal);

    /// <summary>A log handler for clients talking to <paramref name="brokerKey"/>: warnings and worse only.</summary>
    public static Action<IClient, LogMessage> Handler(string brokerKey) => (_, message) =>
    {
        if (message.Level <= SyslogLevel.Warning)
        {
            PrintOnce($"[librdkafka → {brokerKey}] {message.Level} {message.Facility}: {message.Message}");
        }
    };

    /// <summary>An error handler for clients talking to <paramref name="brokerKey"/>.</summary>
    public static Action<IClient, Error> ErrorHandler(string brokerKey) => (_, error) =>
        PrintOnce($"[librdkafka → {brokerKey}] error {error.Code}: {error.Reason}");

    private static void PrintOnce(string line)
    {
        if (Printed.TryAdd(line, true))
        {
            Console.Error.WriteLine(line);
        }
    }
}
