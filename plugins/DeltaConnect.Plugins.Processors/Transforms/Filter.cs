using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>
/// Drops every record, filtering it from the transforms after it in the chain (Kafka Connect's <c>Filter</c>). It is
/// meant to be used with a predicate, to drop the records that match (or, with <c>negate</c>, do not match) it.
/// </summary>
[PluginAlias("org.apache.kafka.connect.transforms.Filter")]
public sealed class Filter : Transformation
{
    private static readonly ConfigDef Definition = new();

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record) => null;
}
