using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Plugins.Processors.Fields;
using DeltaConnect.Plugins.Processors.Records;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>
/// Replaces the key or value with one of its fields (Kafka Connect's <c>ExtractField</c>): from a struct when there
/// is a schema, or from a map when there is none. Null keys or values pass through as null. With
/// <c>field.syntax.version=V2</c> the field may be a dotted path into nested structs or maps.
/// Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class ExtractField : Transformation
{
    private const string FieldConfig = "field";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string Purpose = "field extraction";

    private static readonly ConfigDef Definition = FieldSyntax.AppendTo(new ConfigDef()
        .Define(FieldConfig, ConfigType.String, ConfigDef.NoDefaultValue, null, Importance.Medium, "Field name to extract.")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used."));

    private readonly RecordPart _part;
    private FieldPath? _path;
    private bool _replaceNullWithDefault;

    private protected ExtractField(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _path = new FieldPath(parsed.GetString(FieldConfig)!, FieldSyntax.From(parsed), FieldConfig);
        _replaceNullWithDefault = parsed.GetBoolean(ReplaceNullWithDefaultConfig);
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = _path ?? throw NotConfigured.Error(this);
        var schema = _part.SchemaOf(record);
        if (schema is null)
        {
            var map = Requirements.RequireMapOrNull(_part.ValueOf(record), Purpose);
            return _part.With(record, null, map is null ? null : path.ValueFrom(map));
        }

        var value = Requirements.RequireStructOrNull(_part.ValueOf(record), Purpose);
        var field = path.FieldFrom(schema)
            ?? throw new DataException($"Unknown field: {path} is not a field of the {_part.Name} schema ({schema}).");
        return _part.With(record, field.Schema, value is null ? null : path.ValueFrom(value, _replaceNullWithDefault));
    }

    /// <summary>Replaces the record key with one of its fields.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.ExtractField$Key")]
    public sealed class Key : ExtractField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Replaces the record value with one of its fields.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.ExtractField$Value")]
    public sealed class Value : ExtractField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }
}
