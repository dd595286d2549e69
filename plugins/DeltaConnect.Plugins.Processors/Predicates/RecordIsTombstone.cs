using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Predicates;

/// <summary>True for tombstones: records whose value is null (Kafka Connect's <c>RecordIsTombstone</c>).</summary>
[PluginAlias("org.apache.kafka.connect.transforms.predicates.RecordIsTombstone")]
public sealed class RecordIsTombstone : Predicate
{
    private static readonly ConfigDef Definition = new();

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
    }

    /// <inheritdoc />
    public override bool Test(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Value is null;
    }

    /// <inheritdoc />
    public override string ToString() => "RecordIsTombstone{}";
}
