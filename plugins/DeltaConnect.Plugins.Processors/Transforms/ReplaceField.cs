using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Plugins.Processors.Records;
using DeltaConnect.Plugins.Processors.Schemas;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>
/// Drops, keeps or renames fields of the key or value (Kafka Connect's <c>ReplaceField</c>). <c>exclude</c> wins
/// over <c>include</c>; an empty <c>include</c> keeps every field; <c>renames</c> maps old names to new ones. Null keys
/// or values pass unchanged. Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class ReplaceField : Transformation
{
    private const string ExcludeConfig = "exclude";
    private const string IncludeConfig = "include";
    private const string RenamesConfig = "renames";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string Purpose = "field replacement";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(ExcludeConfig, ConfigType.List, Array.Empty<string>(), null, Importance.Medium, "Fields to exclude. This takes precedence over the fields to include.")
        .Define(IncludeConfig, ConfigType.List, Array.Empty<string>(), null, Importance.Medium, "Fields to include. If specified, only these fields will be used.")
        .Define(
            RenamesConfig,
            ConfigType.List,
            Array.Empty<string>(),
            ConfigValidators.List(RenamesProblem, "list of colon-delimited pairs, e.g. foo:bar,abc:xyz"),
            Importance.Medium,
            "Field rename mappings.")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    private readonly RecordPart _part;
    private readonly SchemaCache _schemas = new();
    private Settings? _settings;

    private protected ReplaceField(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        var renames = ParseRenames(parsed.GetList(RenamesConfig));
        var reverse = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in renames)
        {
            reverse[to] = from;
        }

        _settings = new Settings(
            new HashSet<string>(parsed.GetList(ExcludeConfig), StringComparer.Ordinal),
            new HashSet<string>(parsed.GetList(IncludeConfig), StringComparer.Ordinal),
            renames,
            reverse,
            parsed.GetBoolean(ReplaceNullWithDefaultConfig));
        _schemas.Clear();
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var settings = _settings ?? throw NotConfigured.Error(this);
        var value = _part.ValueOf(record);
        if (value is null)
        {
            return record;
        }

        var schema = _part.SchemaOf(record);
        if (schema is null)
        {
            var map = Requirements.RequireMap(value, Purpose);
            var updatedMap = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
            foreach (var (name, fieldValue) in map)
            {
                if (settings.Keeps(name))
                {
                    updatedMap[settings.Renamed(name)] = fieldValue;
                }
            }

            return _part.With(record, null, updatedMap);
        }

        var original = Requirements.RequireStruct(value, Purpose);
        var updatedSchema = _schemas.GetOrAdd(original.Schema, settings, BuildSchema);
        var updated = new Struct(updatedSchema);
        foreach (var field in updatedSchema.Fields)
        {
            var originalName = settings.OriginalName(field.Name);
            updated.Put(field, settings.ReplaceNullWithDefault ? original.Get(originalName) : original.GetWithoutDefault(originalName));
        }

        return _part.With(record, updatedSchema, updated);
    }

    private static Schema BuildSchema(Schema schema, Settings settings)
    {
        var builder = SchemaCopy.Basics(schema, SchemaBuilder.Struct());
        foreach (var field in schema.Fields)
        {
            if (settings.Keeps(field.Name))
            {
                builder.Field(settings.Renamed(field.Name), field.Schema);
            }
        }

        return builder.Build();
    }

    private static string? RenamesProblem(IReadOnlyList<string> mappings)
    {
        try
        {
            ParseRenames(mappings);
            return null;
        }
        catch (ConfigException e)
        {
            return e.Message;
        }
    }

    private static Dictionary<string, string> ParseRenames(IReadOnlyList<string> mappings)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
        {
            var parts = mapping.Split(':');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ConfigException($"Invalid rename mapping: {mapping}; write old:new pairs, e.g. foo:bar,abc:xyz.");
            }

            renames[parts[0]] = parts[1];
        }

        return renames;
    }

    /// <summary>Drops, keeps or renames fields of the record key.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.ReplaceField$Key")]
    public sealed class Key : ReplaceField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Drops, keeps or renames fields of the record value.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.ReplaceField$Value")]
    public sealed class Value : ReplaceField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }

    private sealed record Settings(
        HashSet<string> Exclude,
        HashSet<string> Include,
        Dictionary<string, string> Renames,
        Dictionary<string, string> ReverseRenames,
        bool ReplaceNullWithDefault)
    {
        public bool Keeps(string field) => !Exclude.Contains(field) && (Include.Count == 0 || Include.Contains(field));

        public string Renamed(string field) => Renames.GetValueOrDefault(field, field);

        public string OriginalName(string field) => ReverseRenames.GetValueOrDefault(field, field);
    }
}
