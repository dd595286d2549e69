namespace DeltaConnect.Broker;

/// <summary>
/// Settings of the embedded broker. Names in the docs follow Kafka's broker settings where the concept exists
/// (auto.create.topics.enable, num.partitions, group.min.session.timeout.ms, ...).
/// </summary>
public sealed record BrokerOptions
{
    /// <summary>Directory holding topics, logs and broker metadata. Required.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Address to listen on (default loopback).</summary>
    public string ListenHost { get; init; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free port (see <see cref="EmbeddedBroker.Port"/>).</summary>
    public int ListenPort { get; init; } = 9092;

    /// <summary>Host name returned to clients in metadata; defaults to <see cref="ListenHost"/>.</summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>This broker's node id (Kafka's node.id).</summary>
    public int NodeId { get; init; } = 1;

    /// <summary>Create a topic when a client asks for its metadata or produces to it (auto.create.topics.enable).</summary>
    public bool AutoCreateTopics { get; init; } = true;

    /// <summary>Partitions of auto-created topics and of CreateTopics with -1 partitions (num.partitions).</summary>
    public int DefaultPartitions { get; init; } = 1;

    /// <summary>
    /// Broker-wide defaults for topic configs, by topic config name (e.g. <c>retention.ms</c>, <c>segment.bytes</c>);
    /// reported by DescribeConfigs with source STATIC_BROKER_CONFIG.
    /// </summary>
    public IReadOnlyDictionary<string, string> TopicConfigDefaults { get; init; } = new Dictionary<string, string>();

    /// <summary>How often retention, segment rolling by age, flushing by time and compaction are checked (log.retention.check.interval.ms, log.cleaner.backoff.ms).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Memory for the compaction key map (log.cleaner.dedupe.buffer.size).</summary>
    public long CleanerDedupeBufferBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Largest request frame accepted; larger ones close the connection (socket.request.max.bytes).</summary>
    public int MaxRequestBytes { get; init; } = 100 * 1024 * 1024;

    /// <summary>Smallest session timeout a group member may ask for (group.min.session.timeout.ms).</summary>
    public int GroupMinSessionTimeoutMs { get; init; } = 1000;

    /// <summary>Largest session timeout a group member may ask for (group.max.session.timeout.ms).</summary>
    public int GroupMaxSessionTimeoutMs { get; init; } = 1_800_000;

    /// <summary>Delay of the first rebalance of an empty group, to let more members join (group.initial.rebalance.delay.ms).</summary>
    public int GroupInitialRebalanceDelayMs { get; init; }

    /// <summary>Cluster id to report; generated and persisted in the data directory when not given.</summary>
    public string? ClusterId { get; init; }
}
