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
/// Sets the name, the version or both of the key or value schema (Kafka Connect's <c>SetSchemaMetadata</c>); a
/// struct is copied onto the renamed schema. A record with neither a schema nor a value passes unchanged; a value
/// without a schema is an error. Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class SetSchemaMetadata : Transformation
{
    private const string SchemaNameConfig = "schema.name";
    private const string SchemaVersionConfig = "schema.version";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string Purpose = "updating schema metadata";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(SchemaNameConfig, ConfigType.String, null, null, Importance.High, "Schema name to set.")
        .Define(SchemaVersionConfig, ConfigType.Int, null, null, Importance.High, "Schema version to set.")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    private readonly RecordPart _part;
    private readonly SchemaCache _schemas = new();
    private Settings? _settings;

    private protected SetSchemaMetadata(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        var settings = new Settings(parsed.GetString(SchemaNameConfig), (int?)parsed.Get(SchemaVersionConfig), parsed.GetBoolean(ReplaceNullWithDefaultConfig));
        if (settings is { Name: null, Version: null })
        {
            throw new ConfigException($"Neither schema name nor version configured; set {SchemaNameConfig}, {SchemaVersionConfig} or both.");
        }

        _settings = settings;
        _schemas.Clear();
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var settings = _settings ?? throw NotConfigured.Error(this);
        var value = _part.ValueOf(record);
        var schema = _part.SchemaOf(record);
        if (value is null && schema is null)
        {
            return record;
        }

        Requirements.RequireSchema(schema, Purpose);
        var updatedSchema = _schemas.GetOrAdd(schema!, settings, BuildSchema);
        var updatedValue = value is Struct original ? CopyOnto(original, updatedSchema, settings.ReplaceNullWithDefault) : value;
        return _part.With(record, updatedSchema, updatedValue);
    }

    private static Schema BuildSchema(Schema schema, Settings settings)
    {
        var withoutDefault = SchemaBuilder.From(schema)
            .Name(settings.Name ?? schema.Name)
            .Version(settings.Version ?? schema.Version)
            .DefaultValue(null)
            .Build();
        return schema.DefaultValue switch
        {
            null => withoutDefault,
            Struct structDefault => SchemaCopy.WithStructDefault(withoutDefault, updated => CopyOnto(structDefault, updated, replaceNullWithDefault: true)),
            var other => SchemaBuilder.From(withoutDefault).DefaultValue(other).Build(),
        };
    }

    // The renamed schema has exactly the original's fields.
    private static Struct CopyOnto(Struct original, Schema updatedSchema, bool replaceNullWithDefault)
    {
        var updated = new Struct(updatedSchema);
        foreach (var field in updatedSchema.Fields)
        {
            updated.Put(field, replaceNullWithDefault ? original.Get(field) : original.GetWithoutDefault(field.Name));
        }

        return updated;
    }

    /// <summary>Sets the name or version of the record key schema.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.SetSchemaMetadata$Key")]
    public sealed class Key : SetSchemaMetadata
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Sets the name or version of the record value schema.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.SetSchemaMetadata$Value")]
    public sealed class Value : SetSchemaMetadata
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }

    private sealed record Settings(string? Name, int? Version, bool ReplaceNullWithDefault);
}
