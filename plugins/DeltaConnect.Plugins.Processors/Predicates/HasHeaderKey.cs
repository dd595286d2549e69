using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Predicates;

/// <summary>True for records with at least one header with the configured name (Kafka Connect's <c>HasHeaderKey</c>).</summary>
[PluginAlias("org.apache.kafka.connect.transforms.predicates.HasHeaderKey")]
public sealed class HasHeaderKey : Predicate
{
    private const string NameConfig = "name";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(NameConfig, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.Medium, "The header name.");

    private string? _name;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _name = parsed.GetString(NameConfig)!;
    }

    /// <inheritdoc />
    public override bool Test(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = _name ?? throw NotConfigured.Error(this);
        return record.Headers.LastWithName(name) is not null;
    }

    /// <inheritdoc />
    public override string ToString() => $"HasHeaderKey{{name='{_name}'}}";
}
