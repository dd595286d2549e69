using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Sdk.Records;

/// <summary>
/// What source records and sink records have in common: a topic and optional partition, a key and a value with
/// their schemas, a timestamp and headers. Transforms derive changed copies with <c>NewRecord</c>, which keeps
/// the concrete type (a <see cref="SourceRecord"/> stays one, with its source partition and offset).
/// See <see cref="NewRecord(string, int?, Schema?, object?, Schema?, object?, long?, ConnectHeaders?)"/>.
/// </summary>
public abstract class ConnectRecord
{
    /// <summary>Creates a record.</summary>
    protected ConnectRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp, ConnectHeaders? headers)
    {
        ArgumentNullException.ThrowIfNull(topic);
        Topic = topic;
        KafkaPartition = kafkaPartition;
        KeySchema = keySchema;
        Key = key;
        ValueSchema = valueSchema;
        Value = value;
        Timestamp = timestamp;
        Headers = headers ?? new ConnectHeaders();
    }

    /// <summary>The topic.</summary>
    public string Topic { get; }

    /// <summary>The partition, or null to let the producer choose (by key).</summary>
    public int? KafkaPartition { get; }

    /// <summary>The key's schema, or null for schemaless keys.</summary>
    public Schema? KeySchema { get; }

    /// <summary>The key.</summary>
    public object? Key { get; }

    /// <summary>The value's schema, or null for schemaless values.</summary>
    public Schema? ValueSchema { get; }

    /// <summary>The value; null is a tombstone.</summary>
    public object? Value { get; }

    /// <summary>Milliseconds since the epoch, or null.</summary>
    public long? Timestamp { get; }

    /// <summary>The headers.</summary>
    public ConnectHeaders Headers { get; }

    /// <summary>A copy of this record (of the same concrete type) with the given parts replaced.</summary>
    public abstract ConnectRecord NewRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp, ConnectHeaders? headers);

    /// <summary>A copy with the same headers and the given parts replaced.</summary>
    public ConnectRecord NewRecord(string topic, int? kafkaPartition, Schema? keySchema, object? key, Schema? valueSchema, object? value, long? timestamp) =>
        NewRecord(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, Headers.Duplicate());

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}{{topic={Topic}, partition={KafkaPartition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}, key={Key}, value={Value}, timestamp={Timestamp}}}";
}
