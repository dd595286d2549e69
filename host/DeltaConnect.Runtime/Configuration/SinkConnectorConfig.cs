using System.Text.RegularExpressions;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Runtime.Configuration;

/// <summary>Sink connector settings: which topics to consume (<c>topics</c> or <c>topics.regex</c>, exactly one).</summary>
internal class SinkConnectorConfig : ConnectorConfig
{
    public const string Topics = "topics";
    public const string TopicsRegex = "topics.regex";

    public static ConfigDef ConfigDef { get; } = new ConfigDef()
        .Merge(BaseDefinition)
        .Define(Topics, ConfigType.List, "", null, Importance.High, "Topics to consume.", "Common", 4)
        .Define(TopicsRegex, ConfigType.String, "", null, Importance.High, "Regular expression of topics to consume.", "Common", 4);

    public SinkConnectorConfig(IReadOnlyDictionary<string, string> originals)
        : this(ConfigDef, originals, "a sink connector")
    {
    }

    protected SinkConnectorConfig(ConfigDef definition, IReadOnlyDictionary<string, string> originals, string kind)
        : base(definition, originals)
    {
        var topics = GetList(Topics);
        var regex = GetString(TopicsRegex);
        if (topics.Count == 0 && string.IsNullOrEmpty(regex))
        {
            throw new ConfigException(Topics, null, $"{kind} needs the topics to consume: set 'topics' (a comma-separated list) or 'topics.regex'.");
        }

        if (topics.Count > 0 && !string.IsNullOrEmpty(regex))
        {
            throw new ConfigException(TopicsRegex, regex, "set either 'topics' or 'topics.regex', not both.");
        }

        if (!string.IsNullOrEmpty(regex))
        {
            try
            {
                _ = new Regex(regex, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new ConfigException(TopicsRegex, regex, $"not a valid regular expression: {e.Message}");
            }
        }
    }

    public Regex? TopicPattern => GetString(TopicsRegex) is { Length: > 0 } regex ? new Regex(regex, RegexOptions.None, TimeSpan.FromSeconds(1)) : null;
}
