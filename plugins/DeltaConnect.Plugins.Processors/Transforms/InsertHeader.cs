using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Plugins.Processors.Conversions;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>
/// Adds a header with a literal value to each record (Kafka Connect's <c>InsertHeader</c>). The literal's schema is
/// inferred as Kafka Connect's <c>Values.parseString</c> does for scalars: <c>1</c> is an int8, <c>true</c> a boolean,
/// <c>2024-01-31</c> a Date, other text a string.
/// </summary>
[PluginAlias("org.apache.kafka.connect.transforms.InsertHeader")]
public sealed class InsertHeader : Transformation
{
    private const string HeaderConfig = "header";
    private const string ValueLiteralConfig = "value.literal";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(HeaderConfig, ConfigType.String, ConfigDef.NoDefaultValue, null, Importance.High, "The name of the header.")
        .Define(ValueLiteralConfig, ConfigType.String, ConfigDef.NoDefaultValue, null, Importance.High, "The literal value that is to be set as the header value on all records.");

    private string? _header;
    private SchemaAndValue _literal = SchemaAndValue.Null;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _literal = LiteralValue.Parse(parsed.GetString(ValueLiteralConfig)!);
        _header = parsed.GetString(HeaderConfig)!;
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var header = _header ?? throw NotConfigured.Error(this);
        var headers = record.Headers.Duplicate().Add(header, _literal.Value, _literal.Schema);
        return record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp, headers);
    }
}
