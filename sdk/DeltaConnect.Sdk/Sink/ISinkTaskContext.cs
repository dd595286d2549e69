using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Sink;

/// <summary>What the runtime offers a sink task.</summary>
public interface ISinkTaskContext
{
    /// <summary>The task's config.</summary>
    IReadOnlyDictionary<string, string> Configs { get; }

    /// <summary>The partitions currently assigned to the task.</summary>
    IReadOnlyCollection<TopicPartition> Assignment { get; }

    /// <summary>Rewinds (or skips) consumption of <paramref name="partition"/> to <paramref name="offset"/>, e.g. to
    /// resume from offsets the sink stores itself (exactly-once sinks).</summary>
    void Offset(TopicPartition partition, long offset);

    /// <summary>Asks the runtime to retry the last batch after <paramref name="timeoutMs"/> when
    /// <see cref="SinkTask.PutAsync"/> throws a retriable error.</summary>
    void Timeout(long timeoutMs);

    /// <summary>Stops fetching from <paramref name="partitions"/> (back-pressure) until <see cref="Resume"/>.</summary>
    void Pause(params TopicPartition[] partitions);

    /// <summary>Resumes fetching from <paramref name="partitions"/>.</summary>
    void Resume(params TopicPartition[] partitions);

    /// <summary>Asks for an offset commit as soon as possible (e.g. after the sink flushed a file).</summary>
    void RequestCommit();

    /// <summary>Reports records the task cannot write (they follow the error policy instead of failing the task).</summary>
    IErrantRecordReporter ErrantRecordReporter { get; }
}
