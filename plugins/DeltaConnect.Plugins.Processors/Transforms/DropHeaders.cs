using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>Removes one or more headers from each record (Kafka Connect's <c>DropHeaders</c>).</summary>
[PluginAlias("org.apache.kafka.connect.transforms.DropHeaders")]
public sealed class DropHeaders : Transformation
{
    private const string HeadersConfig = "headers";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(HeadersConfig, ConfigType.List, ConfigDef.NoDefaultValue, ConfigValidators.NonEmptyList, Importance.High, "The name of the headers to be removed.");

    private HashSet<string>? _headers;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _headers = new HashSet<string>(parsed.GetList(HeadersConfig), StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var headers = _headers ?? throw NotConfigured.Error(this);
        var kept = new ConnectHeaders();
        foreach (var header in record.Headers)
        {
            if (!headers.Contains(header.Key))
            {
                kept.Add(header);
            }
        }

        return record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp, kept);
    }
}
