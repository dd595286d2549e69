using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>
/// A built-in test transform shaped like Kafka Connect's InsertField: an abstract outer type (not a plugin itself)
/// with Key and Value variants nested in it, named StampField+Value or StampField$Value.
/// </summary>
public abstract class StampField : Transformation
{
    public override ConfigDef Config { get; } = new();

    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
    }

    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.NewRecord(record.Topic, record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp, record.Headers.Duplicate().AddString("stamped", Stamped));
    }

    protected abstract string Stamped { get; }

    /// <summary>Stamps the key.</summary>
    public sealed class Key : StampField
    {
        protected override string Stamped => "key";
    }

    /// <summary>Stamps the value.</summary>
    [PluginAlias("com.example.transforms.StampField$Value")]
    public sealed class Value : StampField
    {
        protected override string Stamped => "value";
    }
}
