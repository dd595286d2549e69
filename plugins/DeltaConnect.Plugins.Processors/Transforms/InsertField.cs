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
/// Inserts fields holding the record's topic, partition, offset (sink records only) or timestamp, or a configured
/// static string (Kafka Connect's <c>InsertField</c>). Each field name may end with <c>!</c> to make the field
/// required or <c>?</c> to keep it optional (the default). With a schema the timestamp is a Timestamp; without one it
/// is milliseconds since the epoch. Null keys or values pass unchanged. Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class InsertField : Transformation
{
    private const string TopicFieldConfig = "topic.field";
    private const string PartitionFieldConfig = "partition.field";
    private const string OffsetFieldConfig = "offset.field";
    private const string TimestampFieldConfig = "timestamp.field";
    private const string StaticFieldConfig = "static.field";
    private const string StaticValueConfig = "static.value";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string Purpose = "field insertion";
    private const string OptionalityDoc = "Suffix with `!` to make this a required field, or `?` to keep it optional (the default).";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(TopicFieldConfig, ConfigType.String, null, null, Importance.Medium, "Field name for Kafka topic. " + OptionalityDoc)
        .Define(PartitionFieldConfig, ConfigType.String, null, null, Importance.Medium, "Field name for Kafka partition. " + OptionalityDoc)
        .Define(OffsetFieldConfig, ConfigType.String, null, null, Importance.Medium, "Field name for Kafka offset - only applicable to sink connectors. " + OptionalityDoc)
        .Define(TimestampFieldConfig, ConfigType.String, null, null, Importance.Medium, "Field name for record timestamp. " + OptionalityDoc)
        .Define(StaticFieldConfig, ConfigType.String, null, null, Importance.Medium, "Field name for static data field. " + OptionalityDoc)
        .Define(StaticValueConfig, ConfigType.String, null, null, Importance.Medium, "Static field value, if field name configured.")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    private static readonly Schema OptionalTimestamp = ConnectTimestamp.Builder().Optional().Build();

    private readonly RecordPart _part;
    private readonly SchemaCache _schemas = new();
    private Settings? _settings;

    private protected InsertField(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        var settings = new Settings(
            InsertionSpec.Parse(parsed, TopicFieldConfig),
            InsertionSpec.Parse(parsed, PartitionFieldConfig),
            InsertionSpec.Parse(parsed, OffsetFieldConfig),
            InsertionSpec.Parse(parsed, TimestampFieldConfig),
            InsertionSpec.Parse(parsed, StaticFieldConfig),
            parsed.GetString(StaticValueConfig),
            parsed.GetBoolean(ReplaceNullWithDefaultConfig));
        if (settings is { Topic: null, Partition: null, Offset: null, Timestamp: null, Static: null })
        {
            throw new ConfigException(
                $"No field insertion configured; set at least one of {TopicFieldConfig}, {PartitionFieldConfig}, {OffsetFieldConfig}, {TimestampFieldConfig} or {StaticFieldConfig}.");
        }

        if (settings.Static is not null && settings.StaticValue is null)
        {
            throw new ConfigException(StaticValueConfig, null, $"No value specified for static field: {settings.Static.Name}; set {StaticValueConfig}.");
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
        if (value is null)
        {
            return record;
        }

        var schema = _part.SchemaOf(record);
        if (schema is null)
        {
            var updatedMap = Requirements.Copy(Requirements.RequireMap(value, Purpose), extraCapacity: 5);
            Insert(record, settings, new MapTarget(updatedMap));
            return _part.With(record, null, updatedMap);
        }

        var original = Requirements.RequireStruct(value, Purpose);
        var updatedSchema = _schemas.GetOrAdd(original.Schema, settings, BuildSchema);
        var updated = new Struct(updatedSchema);
        foreach (var field in original.Schema.Fields)
        {
            updated.Put(updatedSchema.Fields[field.Index], settings.ReplaceNullWithDefault ? original.Get(field) : original.GetWithoutDefault(field.Name));
        }

        Insert(record, settings, new StructTarget(updated));
        return _part.With(record, updatedSchema, updated);
    }

    private static void Insert<TTarget>(ConnectRecord record, Settings settings, TTarget target)
        where TTarget : struct, ITarget
    {
        if (settings.Topic is { } topic)
        {
            target.Put(topic.Name, record.Topic);
        }

        if (settings.Partition is { } partition && record.KafkaPartition is { } kafkaPartition)
        {
            target.Put(partition.Name, kafkaPartition);
        }

        if (settings.Offset is { } offset)
        {
            target.Put(offset.Name, Requirements.RequireSinkRecord(record, Purpose).KafkaOffset);
        }

        if (settings.Timestamp is { } timestamp && record.Timestamp is { } recordTimestamp)
        {
            target.PutTimestamp(timestamp.Name, recordTimestamp);
        }

        if (settings.Static is { } staticField && settings.StaticValue is { } staticValue)
        {
            target.Put(staticField.Name, staticValue);
        }
    }

    private static Schema BuildSchema(Schema schema, Settings settings)
    {
        var builder = SchemaCopy.Basics(schema, SchemaBuilder.Struct());
        foreach (var field in schema.Fields)
        {
            builder.Field(field.Name, field.Schema);
        }

        AddField(builder, settings.Topic, Schema.OptionalString, Schema.String);
        AddField(builder, settings.Partition, Schema.OptionalInt32, Schema.Int32);
        AddField(builder, settings.Offset, Schema.OptionalInt64, Schema.Int64);
        AddField(builder, settings.Timestamp, OptionalTimestamp, ConnectTimestamp.Schema);
        AddField(builder, settings.Static, Schema.OptionalString, Schema.String);
        return builder.Build();
    }

    private static void AddField(SchemaBuilder builder, InsertionSpec? spec, Schema optional, Schema required)
    {
        if (spec is not null)
        {
            builder.Field(spec.Name, spec.Optional ? optional : required);
        }
    }

    /// <summary>Inserts fields into the record key.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.InsertField$Key")]
    public sealed class Key : InsertField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Inserts fields into the record value.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.InsertField$Value")]
    public sealed class Value : InsertField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }

    // Where inserted fields go: a schemaless map keeps the timestamp as epoch milliseconds, a struct as a Timestamp.
    private interface ITarget
    {
        void Put(string name, object? value);

        void PutTimestamp(string name, long milliseconds);
    }

    private readonly struct MapTarget(Dictionary<string, object?> map) : ITarget
    {
        public void Put(string name, object? value) => map[name] = value;

        public void PutTimestamp(string name, long milliseconds) => map[name] = milliseconds;
    }

    private readonly struct StructTarget(Struct value) : ITarget
    {
        public void Put(string name, object? fieldValue) => value.Put(name, fieldValue);

        public void PutTimestamp(string name, long milliseconds) => value.Put(name, ConnectTimestamp.ToLogical(milliseconds));
    }

    private sealed record InsertionSpec(string Name, bool Optional)
    {
        public static InsertionSpec? Parse(ParsedConfig config, string configName)
        {
            if (config.GetString(configName) is not { } spec)
            {
                return null;
            }

            var parsed = spec.EndsWith('?') ? new InsertionSpec(spec[..^1], true)
                : spec.EndsWith('!') ? new InsertionSpec(spec[..^1], false)
                : new InsertionSpec(spec, true);
            return parsed.Name.Length > 0
                ? parsed
                : throw new ConfigException(configName, spec, "a field name is required (optionally followed by ! or ?)");
        }
    }

    private sealed record Settings(
        InsertionSpec? Topic,
        InsertionSpec? Partition,
        InsertionSpec? Offset,
        InsertionSpec? Timestamp,
        InsertionSpec? Static,
        string? StaticValue,
        bool ReplaceNullWithDefault);
}
