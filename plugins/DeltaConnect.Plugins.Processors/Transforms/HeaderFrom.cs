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
/// Moves or copies fields of the key or value into headers (Kafka Connect's <c>HeaderFrom</c>): the n-th entry of
/// <c>fields</c> goes to a header named by the n-th entry of <c>headers</c>, with the field's schema when there is
/// one. A null key or value passes unchanged. Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class HeaderFrom : Transformation
{
    private const string FieldsConfig = "fields";
    private const string HeadersConfig = "headers";
    private const string OperationConfig = "operation";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string MoveOperation = "move";
    private const string CopyOperation = "copy";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(FieldsConfig, ConfigType.List, ConfigDef.NoDefaultValue, ConfigValidators.NonEmptyList, Importance.High,
            "Field names in the record whose values are to be copied or moved to headers.")
        .Define(HeadersConfig, ConfigType.List, ConfigDef.NoDefaultValue, ConfigValidators.NonEmptyList, Importance.High,
            "Header names, in the same order as the field names listed in the fields configuration property.")
        .Define(OperationConfig, ConfigType.String, ConfigDef.NoDefaultValue, Validators.In(MoveOperation, CopyOperation), Importance.High,
            "Either `move` if the fields are to be moved to the headers (removed from the key/value), or `copy` if the fields are to be copied to the headers (retained in the key/value).")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    private readonly RecordPart _part;
    private readonly SchemaCache _moveSchemas = new();
    private Settings? _settings;

    private protected HeaderFrom(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        var fields = parsed.GetList(FieldsConfig);
        var headers = parsed.GetList(HeadersConfig);
        if (fields.Count != headers.Count)
        {
            throw new ConfigException(
                HeadersConfig,
                string.Join(",", headers),
                $"'{FieldsConfig}' config must have the same number of elements as '{HeadersConfig}' config ({fields.Count} fields, {headers.Count} headers).");
        }

        var move = parsed.GetString(OperationConfig) == MoveOperation;
        _settings = new Settings([.. fields], [.. headers], move, new HashSet<string>(fields, StringComparer.Ordinal), parsed.GetBoolean(ReplaceNullWithDefaultConfig));
        _moveSchemas.Clear();
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
        var purpose = "header " + (settings.Move ? MoveOperation : CopyOperation);
        var headers = record.Headers.Duplicate();
        if (schema is null)
        {
            var map = Requirements.RequireMap(value, purpose);
            var updatedMap = Requirements.Copy(map);
            for (var i = 0; i < settings.Fields.Length; i++)
            {
                if (settings.Move)
                {
                    updatedMap.Remove(settings.Fields[i]);
                }

                headers.Add(settings.Headers[i], map.GetValueOrDefault(settings.Fields[i]));
            }

            return _part.With(record, null, updatedMap, headers);
        }

        var original = Requirements.RequireStruct(value, purpose);
        var updatedSchema = schema;
        var updated = original;
        if (settings.Move)
        {
            updatedSchema = _moveSchemas.GetOrAdd(schema, settings, BuildMoveSchema);
            updated = new Struct(updatedSchema);
            foreach (var field in updatedSchema.Fields)
            {
                updated.Put(field, FieldValue(original, original.Schema.Field(field.Name)!, settings.ReplaceNullWithDefault));
            }
        }

        for (var i = 0; i < settings.Fields.Length; i++)
        {
            var field = original.Schema.Field(settings.Fields[i])
                ?? throw new DataException($"Field {settings.Fields[i]} (in '{FieldsConfig}') is not a field of the {_part.Name} schema ({original.Schema}).");
            headers.Add(settings.Headers[i], FieldValue(original, field, settings.ReplaceNullWithDefault), field.Schema);
        }

        return _part.With(record, updatedSchema, updated, headers);
    }

    private static object? FieldValue(Struct value, Field field, bool replaceNullWithDefault) =>
        replaceNullWithDefault ? value.Get(field) : value.GetWithoutDefault(field.Name);

    private static Schema BuildMoveSchema(Schema schema, Settings settings)
    {
        var builder = SchemaCopy.Basics(schema, SchemaBuilder.Struct());
        foreach (var field in schema.Fields)
        {
            if (!settings.FieldSet.Contains(field.Name))
            {
                builder.Field(field.Name, field.Schema);
            }
        }

        return builder.Build();
    }

    /// <summary>Moves or copies fields of the record key into headers.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.HeaderFrom$Key")]
    public sealed class Key : HeaderFrom
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Moves or copies fields of the record value into headers.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.HeaderFrom$Value")]
    public sealed class Value : HeaderFrom
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }

    private sealed record Settings(string[] Fields, string[] Headers, bool Move, HashSet<string> FieldSet, bool ReplaceNullWithDefault);
}
