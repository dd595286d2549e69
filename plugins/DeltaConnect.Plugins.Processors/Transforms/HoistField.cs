using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Plugins.Processors.Records;
using DeltaConnect.Plugins.Processors.Schemas;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>
/// Wraps the key or value in a struct with one field (with a schema) or a map with one entry (without one), named
/// by <c>field</c> (Kafka Connect's <c>HoistField</c>). Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class HoistField : Transformation
{
    private const string FieldConfig = "field";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(FieldConfig, ConfigType.String, ConfigDef.NoDefaultValue, Validators.NonEmptyString(), Importance.Medium,
            "Field name for the single field that will be created in the resulting Struct or Map.");

    private readonly RecordPart _part;
    private readonly SchemaCache _schemas = new();
    private string? _field;

    private protected HoistField(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _field = parsed.GetString(FieldConfig)!;
        _schemas.Clear();
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var field = _field ?? throw NotConfigured.Error(this);
        var schema = _part.SchemaOf(record);
        var value = _part.ValueOf(record);
        if (schema is null)
        {
            return _part.With(record, null, new Dictionary<string, object?>(1, StringComparer.Ordinal) { [field] = value });
        }

        var updatedSchema = _schemas.GetOrAdd(schema, field, static (input, name) => SchemaBuilder.Struct().Field(name, input).Build());
        return _part.With(record, updatedSchema, new Struct(updatedSchema).Put(updatedSchema.Fields[0], value));
    }

    /// <summary>Wraps the record key.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.HoistField$Key")]
    public sealed class Key : HoistField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Wraps the record value.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.HoistField$Value")]
    public sealed class Value : HoistField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }
}
