using System.Diagnostics;
using System.Net.Sockets;
using Confluent.Kafka;

namespace DeltaConnect.Benchmarks.Brokers;

/// <summary>Decides when a starting broker is ready: when it answers a Kafka Metadata request naming a broker.</summary>
internal static class MetadataProbe
{
    /// <summary>
    /// Waits until <paramref name="broker"/> answers a Metadata request listing at least one broker. Returns
    /// false as soon as <paramref name="process"/> ends; throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> WaitUntilReadyAsync(
        BrokerEndpoint broker, int port, LoggedProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        IAdminClient? admin = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    return false;
                }

                if (elapsed.Elapsed > timeout)
                {
                    throw new TimeoutException(
                        $"{broker.DisplayName} did not answer a Metadata request on {broker.BootstrapServers} within {timeout.TotalSeconds:0} s.");
                }

                // Only create the client once the port is open, so that it does not log refused connections.
                if (await PortAcceptsConnectionsAsync(port, cancellationToken))
                {
                    admin ??= new AdminClientBuilder(KafkaClientConfigs.Admin(broker))
                        .SetLogHandler((_, _) => { })
                        .SetErrorHandler((_, _) => { })
                        .Build();
                    try
                    {
                        if (admin.GetMetadata(TimeSpan.FromSeconds(2)).Brokers.Count > 0)
                        {
                            return true;
                        }
                    }
                    catch (KafkaException)
                    {
                        // Listening but not serving yet (e.g. Kafka 0.9 before it registered in ZooKeeper).
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
        finally
        {
            admin?.Dispose();
        }
    }

    private static async Task<bool> PortAcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync("127.0.0.1", port, attempt.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
