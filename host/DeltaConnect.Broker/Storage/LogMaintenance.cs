using DeltaConnect.Broker.Topics;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker.Storage;

/// <summary>
/// The broker's background housekeeping, one pass every maintenance interval: retention, rolling idle segments,
/// flushing by time, and compaction of compacted topics (one partition at a time, so memory stays bounded by the
/// cleaner's dedupe buffer).
/// </summary>
internal sealed class LogMaintenance(TopicRegistry topics, LogCleaner cleaner, TimeSpan interval, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    /// <summary>One pass over every partition (also used by tests that cannot wait for the timer).</summary>
    public void RunOnce()
    {
        foreach (var topic in topics.All.ToList())
        {
            foreach (var partition in topic.Partitions)
            {
                try
                {
                    partition.EnforceRetention();
                    if (partition.Config.Compact)
                    {
                        cleaner.TryClean(partition);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // Deleted meanwhile.
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DeltaConnect.Protocol.Primitives.ProtocolException)
                {
                    BrokerLog.MaintenanceFailed(logger, partition.TopicPartition, e);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            RunOnce();
        }
    }
}
