using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Plugins.Processors.Conversions;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>
/// Renames the topic from the original topic and the record timestamp (Kafka Connect's <c>TimestampRouter</c>),
/// e.g. <c>orders</c> to <c>orders-20240131</c>; mainly for sinks, where the topic often names the table or index.
/// The timestamp is formatted in UTC with a SimpleDateFormat pattern. Records without a timestamp are an error.
/// </summary>
[PluginAlias("org.apache.kafka.connect.transforms.TimestampRouter")]
public sealed class TimestampRouter : Transformation
{
    private const string TopicFormatConfig = "topic.format";
    private const string TimestampFormatConfig = "timestamp.format";
    private const string TopicPlaceholder = "${topic}";
    private const string TimestampPlaceholder = "${timestamp}";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(TopicFormatConfig, ConfigType.String, "${topic}-${timestamp}", null, Importance.High,
            "Format string which can contain `${topic}` and `${timestamp}` as placeholders for the topic and timestamp, respectively.")
        .Define(TimestampFormatConfig, ConfigType.String, "yyyyMMdd", null, Importance.High,
            "Format string for the timestamp that is compatible with `java.text.SimpleDateFormat`.");

    private string? _topicFormat;
    private SimpleDateFormatPattern? _timestampFormat;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _timestampFormat = SimpleDateFormatPattern.Create(parsed.GetString(TimestampFormatConfig) ?? "", TimestampFormatConfig);
        _topicFormat = parsed.GetString(TopicFormatConfig) ?? "";
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var topicFormat = _topicFormat ?? throw NotConfigured.Error(this);
        if (record.Timestamp is not { } timestamp)
        {
            throw new DataException($"Timestamp missing on record: {record}; {nameof(TimestampRouter)} needs one to name the topic.");
        }

        var formatted = _timestampFormat!.Format(ConnectTimestamp.ToLogical(timestamp));
        var topic = topicFormat
            .Replace(TopicPlaceholder, record.Topic, StringComparison.Ordinal)
            .Replace(TimestampPlaceholder, formatted, StringComparison.Ordinal);
        return record.NewRecord(topic, record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp);
    }
}
