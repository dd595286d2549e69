using DeltaConnect.Sdk.Config;

namespace DeltaConnect.Runtime.Configuration;

/// <summary>
/// A worker's settings, with Kafka Connect's names (a Kafka Connect worker.properties moves over as is). Kafka
/// client settings for the worker's own clients go under <c>producer.*</c>, <c>consumer.*</c> and <c>admin.*</c>.
/// </summary>
internal sealed class WorkerConfig : ParsedConfig
{
    public const string BootstrapServers = "bootstrap.servers";
    public const string GroupId = "group.id";
    public const string KeyConverter = "key.converter";
    public const string ValueConverter = "value.converter";
    public const string HeaderConverter = "header.converter";
    public const string OffsetStorageTopic = "offset.storage.topic";
    public const string OffsetStoragePartitions = "offset.storage.partitions";
    public const string OffsetStorageReplicationFactor = "offset.storage.replication.factor";
    public const string ConfigStorageTopic = "config.storage.topic";
    public const string ConfigStorageReplicationFactor = "config.storage.replication.factor";
    public const string StatusStorageTopic = "status.storage.topic";
    public const string StatusStoragePartitions = "status.storage.partitions";
    public const string StatusStorageReplicationFactor = "status.storage.replication.factor";
    public const string OffsetFlushIntervalMs = "offset.flush.interval.ms";
    public const string OffsetFlushTimeoutMs = "offset.flush.timeout.ms";
    public const string PluginPath = "plugin.path";
    public const string TaskShutdownGracefulTimeoutMs = "task.shutdown.graceful.timeout.ms";
    public const string TaskAutoRestartEnabled = "task.auto.restart.enabled";
    public const string TaskAutoRestartBackoffInitialMs = "task.auto.restart.backoff.initial.ms";
    public const string TaskAutoRestartBackoffMaxMs = "task.auto.restart.backoff.max.ms";
    public const string Listeners = "listeners";
    public const string StateDir = "state.dir";
    public const string ConfigProviders = ConfigTransformer.ProvidersOption;
    public const string TopicTrackingEnable = "topic.tracking.enable";
    public const string TopicTrackingAllowReset = "topic.tracking.allow.reset";
    public const string RestRequestMaxBytes = "rest.request.max.bytes";
    public const string RestAuthApiKeys = "rest.auth.api.keys";
    public const string RestAuthBasicUsers = "rest.auth.basic.users";
    public const string RestTlsCertificate = "rest.tls.certificate";
    public const string RestTlsKey = "rest.tls.key";
    public const string RestTlsCertificatePassword = "rest.tls.certificate.password";

    public static ConfigDef ConfigDef { get; } = new ConfigDef()
        .Define(BootstrapServers, ConfigType.String, "", Importance.High,
            "Kafka brokers (host:port,...). Empty in standalone mode: the worker runs its embedded broker.")
        .Define(GroupId, ConfigType.String, "deltaconnect", Importance.High, "The group of workers sharing connectors (distributed mode); a standalone worker uses deltaconnect-standalone.")
        .Define(KeyConverter, ConfigType.Class, "org.apache.kafka.connect.json.JsonConverter", Importance.High, "Default converter of record keys.")
        .Define(ValueConverter, ConfigType.Class, "org.apache.kafka.connect.json.JsonConverter", Importance.High, "Default converter of record values.")
        .Define(HeaderConverter, ConfigType.Class, "org.apache.kafka.connect.storage.SimpleHeaderConverter", Importance.Low, "Default converter of header values.")
        .Define(OffsetStorageTopic, ConfigType.String, "connect-offsets", Importance.High, "Compacted topic holding source offsets.")
        .Define(OffsetStoragePartitions, ConfigType.Int, 25, Validators.AtLeast(1), Importance.Low, "Partitions of the offsets topic when it is created.")
        .Define(OffsetStorageReplicationFactor, ConfigType.Short, (short)-1, Importance.Low, "Replication factor of the offsets topic when it is created (-1: broker default).")
        .Define(ConfigStorageTopic, ConfigType.String, "connect-configs", Importance.High, "Compacted, single-partition topic holding connector configs.")
        .Define(ConfigStorageReplicationFactor, ConfigType.Short, (short)-1, Importance.Low, "Replication factor of the config topic when it is created (-1: broker default).")
        .Define(StatusStorageTopic, ConfigType.String, "connect-status", Importance.High, "Compacted topic holding connector and task statuses.")
        .Define(StatusStoragePartitions, ConfigType.Int, 5, Validators.AtLeast(1), Importance.Low, "Partitions of the status topic when it is created.")
        .Define(StatusStorageReplicationFactor, ConfigType.Short, (short)-1, Importance.Low, "Replication factor of the status topic when it is created (-1: broker default).")
        .Define(OffsetFlushIntervalMs, ConfigType.Long, 60_000L, Validators.AtLeast(1), Importance.Low,
            "How often source offsets are stored and sink offsets committed. After a crash, up to this much work may be redone (at-least-once).")
        .Define(OffsetFlushTimeoutMs, ConfigType.Long, 5_000L, Validators.AtLeast(1), Importance.Low, "How long an offset flush may wait for outstanding records.")
        .Define(PluginPath, ConfigType.List, "", Importance.Low,
            "Directories holding plugin directories (or plugin directories themselves). The worker's own plugins directory is always included.")
        .Define(TaskShutdownGracefulTimeoutMs, ConfigType.Long, 5_000L, Validators.AtLeast(0), Importance.Low, "How long stopping a task may take before the worker goes on without it. An abandoned task still finishes its own shutdown; closing the worker waits up to this plus 30 s for such tasks, so their last offset commits and status writes land.")
        .Define(TaskAutoRestartEnabled, ConfigType.Boolean, true, Importance.Medium,
            "Restart failed tasks automatically with exponential backoff (connectors may override it).")
        .Define(TaskAutoRestartBackoffInitialMs, ConfigType.Long, 1_000L, Validators.AtLeast(1), Importance.Low, "First delay before restarting a failed task.")
        .Define(TaskAutoRestartBackoffMaxMs, ConfigType.Long, 60_000L, Validators.AtLeast(1), Importance.Low, "Longest delay between restarts of a task that keeps failing.")
        .Define(Listeners, ConfigType.List, "http://127.0.0.1:8083", Importance.Medium,
            "Where the REST API listens (http:// or https:// URLs; port 0 picks a free port). A non-loopback address needs rest.auth.api.keys or rest.auth.basic.users.")
        .Define(RestRequestMaxBytes, ConfigType.Long, 1_048_576L, Validators.AtLeast(1024), Importance.Low, "Largest REST request body accepted; larger ones get 413.")
        .Define(RestAuthApiKeys, ConfigType.Password, null, Importance.High,
            "REST API keys as role:key entries separated by commas (role admin or read-only); sent as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.")
        .Define(RestAuthBasicUsers, ConfigType.Password, null, Importance.High,
            "REST basic credentials as role:user:password entries separated by commas (role admin or read-only).")
        .Define(RestTlsCertificate, ConfigType.String, "", Importance.Medium,
            "Server certificate for https:// listeners: a PEM file (with rest.tls.key) or a PKCS#12 (.pfx/.p12) file.")
        .Define(RestTlsKey, ConfigType.String, "", Importance.Medium, "PEM private key of rest.tls.certificate (empty for PKCS#12).")
        .Define(RestTlsCertificatePassword, ConfigType.Password, null, Importance.Medium, "Password of the PKCS#12 file or of an encrypted PEM key.")
        .Define(TopicTrackingEnable, ConfigType.Boolean, true, Importance.Low,
            "Record the topics each connector uses in the status topic (GET /connectors/{name}/topics).")
        .Define(TopicTrackingAllowReset, ConfigType.Boolean, true, Importance.Low, "Allow PUT /connectors/{name}/topics/reset.")
        .Define(StateDir, ConfigType.String, "", Importance.Medium,
            "Where processor tasks keep their local state (RocksDB, one directory per connector and partition); empty: <data dir>/state. Losing it costs a restore from the changelog topics, not data.")
        .Define(ConfigProviders, ConfigType.List, "", Importance.Low,
            "Config providers resolving ${name:...} variables in connector and worker configs at start: env, file, directory (each configured under config.providers.<name>.class/.param.*). Stored configs keep the variables.");

    public WorkerConfig(IReadOnlyDictionary<string, string> originals)
        : base(ConfigDef, originals)
    {
    }

    /// <summary>Kafka client settings under a prefix (<c>producer.</c>, <c>consumer.</c>, <c>admin.</c>).</summary>
    public IReadOnlyDictionary<string, string> ClientSettings(string prefix) => OriginalsWithPrefix(prefix);
}
