using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>Fetch request (key 1), versions 4-12.</summary>
public sealed record FetchRequest(
    int ReplicaId,
    int MaxWaitMs,
    int MinBytes,
    int MaxBytes,
    sbyte IsolationLevel,
    int SessionId,
    int SessionEpoch,
    IReadOnlyList<FetchRequest.FetchTopic> Topics,
    IReadOnlyList<FetchRequest.ForgottenTopic> ForgottenTopics,
    string RackId)
{
    /// <summary>Reads the body.</summary>
    public static FetchRequest Read(ref ProtocolReader r, short version)
    {
        var replicaId = r.ReadInt32("replica_id");
        var maxWaitMs = r.ReadInt32("max_wait_ms");
        var minBytes = r.ReadInt32("min_bytes");
        var maxBytes = r.ReadInt32("max_bytes");
        var isolationLevel = r.ReadInt8("isolation_level");
        var sessionId = version >= 7 ? r.ReadInt32("session_id") : 0;
        var sessionEpoch = version >= 7 ? r.ReadInt32("session_epoch") : -1;
        var topics = r.ReadStructArray("topics", (ref ProtocolReader r) => new FetchTopic(
            r.ReadString("topic"),
            r.ReadStructArray("partitions", (ref ProtocolReader r) =>
            {
                var partition = r.ReadInt32("partition");
                var currentLeaderEpoch = version >= 9 ? r.ReadInt32("current_leader_epoch") : -1;
                var fetchOffset = r.ReadInt64("fetch_offset");
                if (version >= 12)
                {
                    r.ReadInt32("last_fetched_epoch");
                }

                var logStartOffset = version >= 5 ? r.ReadInt64("log_start_offset") : -1;
                var partitionMaxBytes = r.ReadInt32("partition_max_bytes");
                return new FetchPartition(partition, currentLeaderEpoch, fetchOffset, logStartOffset, partitionMaxBytes);
            })));
        IReadOnlyList<ForgottenTopic> forgotten = version >= 7
            ? r.ReadStructArray("forgotten_topics_data", static (ref ProtocolReader r) =>
                new ForgottenTopic(r.ReadString("topic"), r.ReadInt32Array("partitions") ?? []))
            : [];
        var rackId = version >= 11 ? r.ReadString("rack_id") : "";
        r.SkipTaggedFields();
        return new FetchRequest(replicaId, maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics, forgotten, rackId);
    }

    /// <summary>Partitions to fetch from one topic.</summary>
    public sealed record FetchTopic(string Topic, IReadOnlyList<FetchPartition> Partitions);

    /// <summary>Where to fetch one partition from.</summary>
    public sealed record FetchPartition(int Partition, int CurrentLeaderEpoch, long FetchOffset, long LogStartOffset, int PartitionMaxBytes);

    /// <summary>Partitions to drop from an incremental fetch session.</summary>
    public sealed record ForgottenTopic(string Topic, IReadOnlyList<int> Partitions);
}
