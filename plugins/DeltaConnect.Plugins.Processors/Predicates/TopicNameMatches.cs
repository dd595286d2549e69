using System.Text.RegularExpressions;
using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Predicates;

/// <summary>
/// True for records whose whole topic name matches a regular expression (Kafka Connect's <c>TopicNameMatches</c>).
/// The pattern is a .NET regular expression, which reads like a Java one for common patterns.
/// </summary>
[PluginAlias("org.apache.kafka.connect.transforms.predicates.TopicNameMatches")]
public sealed class TopicNameMatches : Predicate
{
    private const string PatternConfig = "pattern";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(PatternConfig, ConfigType.String, ConfigDef.NoDefaultValue, Validators.All(Validators.NonEmptyString(), ConfigValidators.ValidRegex), Importance.Medium,
            "A Java regular expression for matching against the name of a record's topic.");

    private Regex? _pattern;
    private string? _source;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _source = parsed.GetString(PatternConfig)!;
        _pattern = new Regex($@"\A(?:{_source})\z", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <inheritdoc />
    public override bool Test(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pattern = _pattern ?? throw NotConfigured.Error(this);
        return pattern.IsMatch(record.Topic);
    }

    /// <inheritdoc />
    public override string ToString() => $"TopicNameMatches{{pattern={_source}}}";
}
