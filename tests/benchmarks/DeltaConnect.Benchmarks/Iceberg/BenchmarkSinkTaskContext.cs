using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Benchmarks.Iceberg;

/// <summary>The runtime's side of a sink task driven directly by the benchmark: nothing to rewind, pause or report.</summary>
internal sealed class BenchmarkSinkTaskContext(IReadOnlyDictionary<string, string> configs, IReadOnlyCollection<TopicPartition> assignment) : ISinkTaskContext
{
    public IReadOnlyDictionary<string, string> Configs { get; } = configs;

    public IReadOnlyCollection<TopicPartition> Assignment { get; } = assignment;

    public IErrantRecordReporter ErrantRecordReporter { get; } = new FailingReporter();

    public void Offset(TopicPartition partition, long offset)
    {
    }

    public void Timeout(long timeoutMs)
    {
    }

    public void Pause(params TopicPartition[] partitions)
    {
    }

    public void Resume(params TopicPartition[] partitions)
    {
    }

    public void RequestCommit()
    {
    }

    private sealed class FailingReporter : IErrantRecordReporter
    {
        public Task ReportAsync(ConnectRecord record, Exception error, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"The Iceberg sink reported an errant record during the benchmark: {error.Message}", error);
    }
}
