using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Plugins.Iceberg.Tests;

/// <summary>
/// The runtime's side of a sink task for tests that drive a task directly: it records what the task asks for (offset
/// rewinds, commit requests) instead of acting on a consumer; errant records fail the test.
/// </summary>
internal sealed class RecordingSinkTaskContext(IReadOnlyDictionary<string, string> configs, IReadOnlyCollection<TopicPartition> assignment) : ISinkTaskContext
{
    public IReadOnlyDictionary<string, string> Configs { get; } = configs;

    public IReadOnlyCollection<TopicPartition> Assignment { get; } = assignment;

    /// <summary>Every rewind the task requested, in order.</summary>
    public List<(TopicPartition Partition, long Offset)> Rewinds { get; } = [];

    public int CommitRequests { get; private set; }

    public IErrantRecordReporter ErrantRecordReporter { get; } = new FailingReporter();

    public void Offset(TopicPartition partition, long offset) => Rewinds.Add((partition, offset));

    public void Timeout(long timeoutMs)
    {
    }

    public void Pause(params TopicPartition[] partitions)
    {
    }

    public void Resume(params TopicPartition[] partitions)
    {
    }

    public void RequestCommit() => CommitRequests++;

    private sealed class FailingReporter : IErrantRecordReporter
    {
        public Task ReportAsync(ConnectRecord record, Exception error, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"The task reported an errant record: {error.Message}", error);
    }
}
