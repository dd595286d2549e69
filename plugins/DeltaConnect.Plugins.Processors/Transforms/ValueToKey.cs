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
/// Replaces the record key with a struct (with a schema) or map (without one) of some fields of the value (Kafka
/// Connect's <c>ValueToKey</c>). The value must be a struct or map: a null value is an error, as in Kafka Connect.
/// </summary>
[PluginAlias("org.apache.kafka.connect.transforms.ValueToKey")]
public sealed class ValueToKey : Transformation
{
    private const string FieldsConfig = "fields";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string Purpose = "copying fields from value to key";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(FieldsConfig, ConfigType.List, ConfigDef.NoDefaultValue, ConfigValidators.NonEmptyList, Importance.High, "Field names on the record value to extract as the record key.")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    private readonly SchemaCache _keySchemas = new();
    private string[]? _fields;
    private bool _replaceNullWithDefault;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _fields = [.. parsed.GetList(FieldsConfig)];
        _replaceNullWithDefault = parsed.GetBoolean(ReplaceNullWithDefaultConfig);
        _keySchemas.Clear();
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var fields = _fields ?? throw NotConfigured.Error(this);
        if (record.ValueSchema is null)
        {
            var map = Requirements.RequireMap(record.Value, Purpose);
            var key = new Dictionary<string, object?>(fields.Length, StringComparer.Ordinal);
            foreach (var field in fields)
            {
                key[field] = map.GetValueOrDefault(field);
            }

            return record.NewRecord(record.Topic, record.KafkaPartition, null, key, record.ValueSchema, record.Value, record.Timestamp);
        }

        var value = Requirements.RequireStruct(record.Value, Purpose);
        var keySchema = _keySchemas.GetOrAdd(value.Schema, fields, BuildKeySchema);
        var keyStruct = new Struct(keySchema);
        foreach (var field in keySchema.Fields)
        {
            keyStruct.Put(field, _replaceNullWithDefault ? value.Get(field.Name) : value.GetWithoutDefault(field.Name));
        }

        return record.NewRecord(record.Topic, record.KafkaPartition, keySchema, keyStruct, value.Schema, value, record.Timestamp);
    }

    private static Schema BuildKeySchema(Schema valueSchema, string[] fields)
    {
        var builder = SchemaBuilder.Struct();
        foreach (var name in fields)
        {
            var field = valueSchema.Field(name) ?? throw new DataException($"Field does not exist: {name} (in '{FieldsConfig}') is not a field of the value schema ({valueSchema}).");
            builder.Field(name, field.Schema);
        }

        return builder.Build();
    }
}
