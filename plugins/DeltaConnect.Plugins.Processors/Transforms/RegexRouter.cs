using System.Text.RegularExpressions;
using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Plugins.Processors.Conversions;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>
/// Renames the topic with a regular expression and a replacement (Kafka Connect's <c>RegexRouter</c>): when the
/// whole topic matches <c>regex</c>, its first match is replaced by <c>replacement</c>, in which <c>$1</c> and
/// <c>${name}</c> refer to groups and <c>\$</c> is a dollar sign (Java's <c>Matcher.replaceFirst</c> syntax). Other
/// records pass unchanged. The regex is a .NET regular expression, which reads like a Java one for common patterns.
/// </summary>
[PluginAlias("org.apache.kafka.connect.transforms.RegexRouter")]
public sealed class RegexRouter : Transformation
{
    private const string RegexConfig = "regex";
    private const string ReplacementConfig = "replacement";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(RegexConfig, ConfigType.String, ConfigDef.NoDefaultValue, ConfigValidators.ValidRegex, Importance.High, "Regular expression to use for matching.")
        .Define(ReplacementConfig, ConfigType.String, ConfigDef.NoDefaultValue, null, Importance.High, "Replacement string.");

    private Routing? _routing;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        var pattern = parsed.GetString(RegexConfig)!;
        var replacement = parsed.GetString(ReplacementConfig)!;
        var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
        var dotNetReplacement = JavaReplacement.ToDotNet(replacement, regex, out var problem)
            ?? throw new ConfigException(ReplacementConfig, replacement, problem!);
        _routing = new Routing(new Regex($@"\A(?:{pattern})\z", RegexOptions.CultureInvariant | RegexOptions.Compiled), regex, dotNetReplacement);
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var routing = _routing ?? throw NotConfigured.Error(this);
        if (!routing.WholeTopic.IsMatch(record.Topic))
        {
            return record;
        }

        var topic = routing.FirstMatch.Replace(record.Topic, routing.Replacement, 1);
        return record.NewRecord(topic, record.KafkaPartition, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp);
    }

    // Java matches the whole topic, then replaces the first match found from its start (which can be shorter).
    private sealed record Routing(Regex WholeTopic, Regex FirstMatch, string Replacement);
}
