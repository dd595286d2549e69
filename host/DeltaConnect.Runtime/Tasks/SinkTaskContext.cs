using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>What a sink task gets from the runtime; requests are applied by the task loop between batches.</summary>
internal sealed class SinkTaskContext(IReadOnlyDictionary<string, string> configs, IErrantRecordReporter errantRecordReporter) : ISinkTaskContext
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TopicPartition, long> _seeks = [];
    private readonly HashSet<TopicPartition> _pauses = [];
    private readonly HashSet<TopicPartition> _resumes = [];

    public IReadOnlyDictionary<string, string> Configs { get; } = configs;

    public IReadOnlyCollection<TopicPartition> Assignment { get; set; } = [];

    public IErrantRecordReporter ErrantRecordReporter { get; } = errantRecordReporter;

    /// <summary>The retry delay the task asked for after a retriable failure, or null.</summary>
    public long? TimeoutMs { get; private set; }

    public bool CommitRequested { get; private set; }

    public void Offset(TopicPartition partition, long offset)
    {
        lock (_lock)
        {
            _seeks[partition] = offset;
        }
    }

    public void Timeout(long timeoutMs) => TimeoutMs = timeoutMs;

    public void Pause(params TopicPartition[] partitions)
    {
        lock (_lock)
        {
            foreach (var partition in partitions)
            {
                _resumes.Remove(partition);
                _pauses.Add(partition);
            }
        }
    }

    public void Resume(params TopicPartition[] partitions)
    {
        lock (_lock)
        {
            foreach (var partition in partitions)
            {
                _pauses.Remove(partition);
                _resumes.Add(partition);
            }
        }
    }

    public void RequestCommit() => CommitRequested = true;

    public void ClearCommitRequest() => CommitRequested = false;

    /// <summary>Takes the pending seek, pause and resume requests.</summary>
    public (Dictionary<TopicPartition, long> Seeks, List<TopicPartition> Pauses, List<TopicPartition> Resumes) TakeRequests()
    {
        lock (_lock)
        {
            var requests = (new Dictionary<TopicPartition, long>(_seeks), _pauses.ToList(), _resumes.ToList());
            _seeks.Clear();
            _pauses.Clear();
            _resumes.Clear();
            return requests;
        }
    }
}
