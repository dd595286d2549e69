using DeltaConnect.Schemas.Text;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Converters;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Schemas.Converters;

/// <summary>
/// Kafka Connect's string converter (<c>org.apache.kafka.connect.storage.StringConverter</c>): writes any value as
/// its text in <c>converter.encoding</c> (UTF-8 by default), ignoring the schema, and reads bytes back as an optional
/// string. The text is what Java's <c>toString()</c> gives (<c>true</c>, <c>1.0E10</c>, <c>[a, b]</c>, <c>{k=v}</c>,
/// <c>Struct{id=1}</c>); a null value is written as no bytes.
/// </summary>
/// <remarks>
/// Differences from Kafka Connect, where Java's text is of no use: byte arrays are written as base64 (Java prints
/// <c>[B@1b6d3586</c>), and dates, times and timestamps in ISO-8601 UTC (<c>2024-05-01</c>, <c>13:45:00.000Z</c>,
/// <c>2024-05-01T13:45:00.000Z</c>) instead of <c>java.util.Date.toString()</c> in the JVM's zone. Kafka's class is
/// also a header converter; this one is a key/value converter only.
/// </remarks>
[PluginAlias("org.apache.kafka.connect.storage.StringConverter")]
public sealed class StringConverter : Converter
{
    private StringConverterConfig _config = new(new Dictionary<string, string>());

    /// <inheritdoc />
    public override ConfigDef Config => StringConverterConfig.Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config, bool isKey)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = new StringConverterConfig(config);
    }

    /// <inheritdoc />
    public override byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value) =>
        value is null ? null : _config.Charset.Encode(JavaObjectText.Format(schema, value));

    /// <inheritdoc />
    public override SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value) =>
        new(Schema.OptionalString, value is null ? null : _config.Charset.Decode(value));
}
