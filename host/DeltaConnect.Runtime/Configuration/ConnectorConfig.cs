using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Configuration;

/// <summary>
/// The settings every connector has besides its own, with Kafka Connect's names: identity, task count, converter
/// overrides, transform chain, error handling, and (DeltaConnect) automatic task restarts.
/// </summary>
internal class ConnectorConfig : ParsedConfig
{
    public const string Name = "name";
    public const string ConnectorClass = "connector.class";
    public const string TasksMax = "tasks.max";
    public const string KeyConverter = "key.converter";
    public const string ValueConverter = "value.converter";
    public const string HeaderConverter = "header.converter";
    public const string Transforms = "transforms";
    public const string Predicates = "predicates";
    public const string ConfigActionReload = "config.action.reload";
    public const string ErrorsRetryTimeout = "errors.retry.timeout";
    public const string ErrorsRetryMaxDelay = "errors.retry.delay.max.ms";
    public const string ErrorsTolerance = "errors.tolerance";
    public const string ErrorsLogEnable = "errors.log.enable";
    public const string ErrorsLogIncludeMessages = "errors.log.include.messages";
    public const string DlqTopic = "errors.deadletterqueue.topic.name";
    public const string DlqReplicationFactor = "errors.deadletterqueue.topic.replication.factor";
    public const string DlqContextHeaders = "errors.deadletterqueue.context.headers.enable";
    public const string TaskAutoRestartEnabled = "task.auto.restart.enabled";

    private const string ErrorGroup = "Error Handling";
    private const string TransformsGroup = "Transforms";

    public static ConfigDef BaseDefinition { get; } = new ConfigDef()
        .Define(Name, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High, "Globally unique name of the connector.", "Common", 1)
        .Define(ConnectorClass, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.High,
            "The connector's type: its full type name, its simple name, or the simple name without its Connector suffix.", "Common", 2)
        .Define(TasksMax, ConfigType.Int, 1, Validators.AtLeast(1), Importance.High, "Maximum number of tasks to run.", "Common", 3)
        .Define(KeyConverter, ConfigType.Class, null, null, Importance.Low, "Converter of record keys (default: the worker's).", "Common", 4)
        .Define(ValueConverter, ConfigType.Class, null, null, Importance.Low, "Converter of record values (default: the worker's).", "Common", 5)
        .Define(HeaderConverter, ConfigType.Class, null, null, Importance.Low, "Converter of header values (default: the worker's).", "Common", 6)
        .Define(ConfigActionReload, ConfigType.String, "restart", Validators.InIgnoringCase("restart", "none"), Importance.Low,
            "What to do when an externally provided config value changes.", "Common", 7)
        .Define(Transforms, ConfigType.List, "", null, Importance.Low, "Aliases of the transforms to apply, in order.", TransformsGroup, 1)
        .Define(Predicates, ConfigType.List, "", null, Importance.Low, "Aliases of the predicates transforms may refer to.", TransformsGroup, 2)
        .Define(ErrorsRetryTimeout, ConfigType.Long, 0L, Validators.AtLeast(-1), Importance.Medium,
            "How long to retry a failed operation (ms); 0 never retries, -1 retries forever.", ErrorGroup, 1)
        .Define(ErrorsRetryMaxDelay, ConfigType.Long, 60_000L, Validators.AtLeast(1), Importance.Medium, "Longest wait between retries (ms).", ErrorGroup, 2)
        .Define(ErrorsTolerance, ConfigType.String, "none", Validators.InIgnoringCase("none", "all"), Importance.Medium,
            "none: a record that fails fails the task. all: it is skipped, counted, logged and sent to the dead-letter topic as configured.", ErrorGroup, 3)
        .Define(ErrorsLogEnable, ConfigType.Boolean, false, null, Importance.Medium, "Log every tolerated failure.", ErrorGroup, 4)
        .Define(ErrorsLogIncludeMessages, ConfigType.Boolean, false, null, Importance.Medium, "Include the record (key, value, headers) in those log lines.", ErrorGroup, 5)
        .Define(DlqTopic, ConfigType.String, "", null, Importance.Medium,
            "Dead-letter topic for records that failed (sink and source connectors); empty: none.", ErrorGroup, 6)
        .Define(DlqReplicationFactor, ConfigType.Short, (short)-1, null, Importance.Low, "Replication factor of the dead-letter topic when it is created.", ErrorGroup, 7)
        .Define(DlqContextHeaders, ConfigType.Boolean, true, null, Importance.Low,
            "Add __connect.errors.* headers (topic, partition, offset, connector, task, stage, exception) to dead-letter records.", ErrorGroup, 8)
        .Define(TaskAutoRestartEnabled, ConfigType.Boolean, null, null, Importance.Low, "Restart failed tasks automatically (default: the worker's setting).", ErrorGroup, 9);

    public ConnectorConfig(IReadOnlyDictionary<string, string> originals)
        : this(BaseDefinition, originals)
    {
    }

    protected ConnectorConfig(ConfigDef definition, IReadOnlyDictionary<string, string> originals)
        : base(definition, originals)
    {
    }

    public string ConnectorName => GetString(Name)!;

    public bool ToleratesAll => string.Equals(GetString(ErrorsTolerance), "all", StringComparison.OrdinalIgnoreCase);

    /// <summary>The settings of transform or predicate <paramref name="alias"/> (<c>transforms.&lt;alias&gt;.*</c>).</summary>
    public IReadOnlyDictionary<string, string> AliasSettings(string kind, string alias)
    {
        var settings = OriginalsWithPrefix($"{kind}.{alias}.");
        if (!settings.ContainsKey("type"))
        {
            throw new ConfigException($"{kind}.{alias}.type", null, $"{kind} alias '{alias}' is listed in '{kind}' but has no type; set {kind}.{alias}.type to a plugin name.");
        }

        return settings;
    }
}
