using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Converters;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Schemas.Converters;

/// <summary>
/// Kafka Connect's pass-through converter (<c>org.apache.kafka.connect.converters.ByteArrayConverter</c>): the value
/// must be bytes (<c>byte[]</c> or <see cref="ReadOnlyMemory{T}"/> of bytes) with a bytes schema or no schema, and is
/// written unchanged; bytes read back as they are, with an optional bytes schema (also for a null value).
/// </summary>
/// <remarks>Kafka's class is also a header converter; this one is a key/value converter only.</remarks>
[PluginAlias("org.apache.kafka.connect.converters.ByteArrayConverter")]
public sealed class ByteArrayConverter : Converter
{
    private static readonly ConfigDef Definition = new();

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config, bool isKey)
    {
    }

    /// <inheritdoc />
    /// <exception cref="DataException">When the schema is not a bytes schema or the value is not bytes.</exception>
    public override byte[]? FromConnectData(string topic, ConnectHeaders headers, Schema? schema, object? value)
    {
        if (schema is not null && schema.Type != SchemaType.Bytes)
        {
            throw new DataException($"Invalid schema type for ByteArrayConverter: {schema.Type}; it converts only bytes schemas (use another converter for other data).");
        }

        return value switch
        {
            null => null,
            byte[] bytes => bytes,
            ReadOnlyMemory<byte> memory => memory.ToArray(),
            _ => throw new DataException($"ByteArrayConverter is not compatible with objects of type {value.GetType()}; the value must be byte[]."),
        };
    }

    /// <inheritdoc />
    public override SchemaAndValue ToConnectData(string topic, ConnectHeaders headers, byte[]? value) => new(Schema.OptionalBytes, value);
}
