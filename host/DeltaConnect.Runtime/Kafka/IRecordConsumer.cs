using System.Text.RegularExpressions;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Kafka;

/// <summary>
/// A consumer in a group (sink and processor tasks) or with manual assignment (internal topic readers). Its methods
/// are called from one thread: the task loop that owns it.
/// </summary>
internal interface IRecordConsumer : IDisposable
{
    /// <summary>Partitions currently assigned.</summary>
    IReadOnlyCollection<TopicPartition> Assignment { get; }

    /// <summary>
    /// Called on the polling thread, inside <see cref="Poll"/>, when a rebalance takes partitions away: before they are
    /// revoked (lost = false; offsets of them can still be committed) or after they were lost to a session timeout
    /// (lost = true; another member may own them already). Set before subscribing.
    /// </summary>
    Action<IReadOnlyList<TopicPartition>, bool>? OnRevoking { get; set; }

    /// <summary>Joins the group for <paramref name="topics"/>; assignment changes are reported by <see cref="Poll"/>.</summary>
    void Subscribe(IReadOnlyList<string> topics);

    /// <summary>Joins the group for every topic matching <paramref name="pattern"/>.</summary>
    void Subscribe(Regex pattern);

    /// <summary>Reads the given partitions from the given offsets, outside any group.</summary>
    void Assign(IReadOnlyDictionary<TopicPartition, long> startOffsets);

    /// <summary>
    /// Up to <paramref name="maxRecords"/> records, waiting at most <paramref name="timeout"/> for the first one.
    /// Rebalances that happened meanwhile are returned in <see cref="PollResult.Assigned"/> and <see cref="PollResult.Revoked"/>.
    /// </summary>
    PollResult Poll(int maxRecords, TimeSpan timeout);

    /// <summary>Commits offsets (the next offset to read, per partition).</summary>
    void Commit(IReadOnlyDictionary<TopicPartition, long> offsets);

    /// <summary>The committed offsets (next offset to read) of <paramref name="partitions"/>; absent when none.</summary>
    IReadOnlyDictionary<TopicPartition, long> Committed(IReadOnlyCollection<TopicPartition> partitions, TimeSpan timeout);

    /// <summary>Moves the position of a partition.</summary>
    void Seek(TopicPartition partition, long offset);

    /// <summary>Stops fetching from partitions.</summary>
    void Pause(IReadOnlyCollection<TopicPartition> partitions);

    /// <summary>Resumes fetching from partitions.</summary>
    void Resume(IReadOnlyCollection<TopicPartition> partitions);

    /// <summary>The next offset this consumer will read from a partition (past empty and compacted-away batches).</summary>
    long Position(TopicPartition partition);

    /// <summary>The end offsets (offset of the next record to be written) of <paramref name="partitions"/>, in one request per broker.</summary>
    IReadOnlyDictionary<TopicPartition, long> EndOffsets(IReadOnlyCollection<TopicPartition> partitions, TimeSpan timeout);

    /// <summary>
    /// <see cref="EndOffsets"/> without blocking the caller's thread, for callers on the thread pool; the synchronous
    /// form is for dedicated reader threads.
    /// </summary>
    Task<IReadOnlyDictionary<TopicPartition, long>> EndOffsetsAsync(IReadOnlyCollection<TopicPartition> partitions, TimeSpan timeout);

    /// <summary>Leaves the group cleanly.</summary>
    void Close();
}
