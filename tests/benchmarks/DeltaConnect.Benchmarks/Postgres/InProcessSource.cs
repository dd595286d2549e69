using System.Diagnostics;
using DeltaConnect.Plugins.Postgres;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Benchmarks.Postgres;

/// <summary>
/// Runs the Postgres source task in this process with no worker behind it — no converter, no producer — and polls it as
/// fast as it hands out records: the plugin's own share of the end-to-end rates (decoding, chunk queries, record
/// building), so a slow ratio can be placed on the plugin's or the runtime's side.
/// </summary>
internal static class InProcessSource
{
    /// <summary>Seconds from the first to the last of <paramref name="count"/> records of <paramref name="topic"/>.</summary>
    public static async Task<double> MeasureAsync(Dictionary<string, string> config, string topic, int count, CancellationToken cancellationToken)
    {
        var task = new PostgresSourceTask();
        task.Initialize(new Context(config));
        await task.StartAsync(config, cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(10));
            var seen = 0;
            Stopwatch? clock = null;
            while (seen < count)
            {
                foreach (var record in await task.PollAsync(timeout.Token))
                {
                    if (record.Topic == topic && record.Value is not null)
                    {
                        clock ??= Stopwatch.StartNew();
                        seen++;
                    }
                }
            }

            return clock!.Elapsed.TotalSeconds;
        }
        finally
        {
            await task.StopAsync(CancellationToken.None);
            await task.DisposeAsync();
        }
    }

    private sealed class Context(IReadOnlyDictionary<string, string> configs) : ISourceTaskContext
    {
        public IReadOnlyDictionary<string, string> Configs => configs;

        public IOffsetStorageReader OffsetStorageReader { get; } = new NoOffsets();

        public IErrantRecordReporter ErrantRecordReporter => throw new NotSupportedException("The benchmark produces no errant records.");
    }

    private sealed class NoOffsets : IOffsetStorageReader
    {
        public ValueTask<IReadOnlyDictionary<string, object?>?> OffsetAsync(IReadOnlyDictionary<string, object?> partition, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyDictionary<string, object?>?>(null);

        public ValueTask<IReadOnlyList<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>>>> OffsetsAsync(
            IEnumerable<IReadOnlyDictionary<string, object?>> partitions, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<KeyValuePair<IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>>>>([]);
    }
}
