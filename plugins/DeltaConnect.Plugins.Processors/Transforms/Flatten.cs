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
/// Flattens a nested struct (with a schema) or map (without one) into one level, naming each field by joining the
/// field names on its path with a delimiter (Kafka Connect's <c>Flatten</c>). Arrays and their contents are kept as
/// they are. A flattened field is optional when any struct on its path is optional, and takes its default from the
/// nearest struct on its path that has one. Null keys or values pass unchanged. Use <see cref="Key"/> or
/// <see cref="Value"/>.
/// </summary>
public abstract class Flatten : Transformation
{
    private const string DelimiterConfig = "delimiter";
    private const string Purpose = "flattening";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(
            DelimiterConfig,
            ConfigType.String,
            ".",
            Importance.Medium,
            "Delimiter to insert between field names from the input record when generating field names for the output record");

    private readonly RecordPart _part;
    private readonly SchemaCache _schemas = new();
    private string? _delimiter;

    private protected Flatten(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _delimiter = parsed.GetString(DelimiterConfig) ?? "";
        _schemas.Clear();
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var delimiter = _delimiter ?? throw NotConfigured.Error(this);
        var value = _part.ValueOf(record);
        if (value is null)
        {
            return record;
        }

        var schema = _part.SchemaOf(record);
        if (schema is null)
        {
            var flattened = new Dictionary<string, object?>(StringComparer.Ordinal);
            FlattenMap(Requirements.RequireMap(value, Purpose), "", flattened, delimiter);
            return _part.With(record, null, flattened);
        }

        var original = Requirements.RequireStruct(value, Purpose);
        var updatedSchema = _schemas.GetOrAdd(schema, delimiter, BuildSchema);
        var updated = new Struct(updatedSchema);
        FlattenStruct(original, "", updated, delimiter);
        return _part.With(record, updatedSchema, updated);
    }

    private static string FieldName(string prefix, string name, string delimiter) => prefix.Length == 0 ? name : prefix + delimiter + name;

    private static void FlattenMap(IReadOnlyDictionary<string, object?> map, string prefix, Dictionary<string, object?> flattened, string delimiter)
    {
        foreach (var (key, value) in map)
        {
            var name = FieldName(prefix, key, delimiter);
            if (value is null || ConnectTypes.IsLogicalValue(value))
            {
                flattened[name] = value;
                continue;
            }

            switch (ConnectTypes.Infer(value))
            {
                case SchemaType.Map:
                    FlattenMap(Requirements.RequireMap(value, Purpose), name, flattened, delimiter);
                    break;
                case null:
                    throw new DataException($"Flatten transformation was passed a value of type {value.GetType().FullName} (for field {name}) which is not supported by Connect's data API.");
                case SchemaType.Struct:
                    throw new DataException($"Flatten transformation does not support {value.GetType().FullName} for record without schemas (for field {name}).");
                default:
                    flattened[name] = value;
                    break;
            }
        }
    }

    private static Schema BuildSchema(Schema schema, string delimiter)
    {
        if (schema.Type != SchemaType.Struct)
        {
            throw new DataException($"Only Struct objects supported for [{Purpose}], found a schema of type {ConnectTypes.ConfigName(schema.Type)}.");
        }

        var builder = SchemaCopy.Basics(schema, SchemaBuilder.Struct());
        AddFlattenedFields(schema, "", builder, schema.IsOptional, schema.DefaultValue as Struct, delimiter);
        return builder.Build();
    }

    private static void AddFlattenedFields(Schema schema, string prefix, SchemaBuilder flattened, bool optional, Struct? defaultFromParent, string delimiter)
    {
        foreach (var field in schema.Fields)
        {
            var name = FieldName(prefix, field.Name, delimiter);
            var fieldOptional = optional || field.Schema.IsOptional;
            var fieldDefault = field.Schema.DefaultValue ?? defaultFromParent?.Get(field);
            switch (field.Schema.Type)
            {
                case SchemaType.Struct:
                    AddFlattenedFields(field.Schema, name, flattened, fieldOptional, fieldDefault as Struct, delimiter);
                    break;
                case SchemaType.Map:
                    throw new DataException($"Flatten transformation does not support {ConnectTypes.ConfigName(field.Schema.Type)} for record with schemas (for field {name}).");
                default:
                    var fieldSchema = SchemaCopy.Basics(field.Schema);
                    if (fieldOptional)
                    {
                        fieldSchema.Optional();
                    }

                    if (fieldDefault is not null)
                    {
                        fieldSchema.DefaultValue(fieldDefault);
                    }

                    flattened.Field(name, fieldSchema.Build());
                    break;
            }
        }
    }

    private static void FlattenStruct(Struct? value, string prefix, Struct flattened, string delimiter)
    {
        if (value is null)
        {
            return;
        }

        foreach (var field in value.Schema.Fields)
        {
            var name = FieldName(prefix, field.Name, delimiter);
            if (field.Schema.Type == SchemaType.Struct)
            {
                FlattenStruct((Struct?)value.Get(field), name, flattened, delimiter);
            }
            else
            {
                flattened.Put(name, value.Get(field));
            }
        }
    }

    /// <summary>Flattens the record key.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.Flatten$Key")]
    public sealed class Key : Flatten
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Flattens the record value.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.Flatten$Value")]
    public sealed class Value : Flatten
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }
}
