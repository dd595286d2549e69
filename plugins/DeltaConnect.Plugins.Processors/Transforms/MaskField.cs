using System.Collections;
using System.Globalization;
using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Plugins.Processors.Records;
using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Transforms;

namespace DeltaConnect.Plugins.Processors.Transforms;

/// <summary>
/// Masks fields with the empty value of their type (Kafka Connect's <c>MaskField</c>): <c>0</c>, <c>false</c>,
/// <c>""</c>, the epoch for dates, times and timestamps, an empty list or map. With <c>replacement</c>, numeric and
/// string fields get that value instead, converted to the field's type. Null fields stay null, and a null key or value
/// passes unchanged. Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class MaskField : Transformation
{
    private const string FieldsConfig = "fields";
    private const string ReplacementConfig = "replacement";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string Purpose = "mask fields";

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(FieldsConfig, ConfigType.List, ConfigDef.NoDefaultValue, ConfigValidators.NonEmptyList, Importance.High, "Names of fields to mask.")
        .Define(ReplacementConfig, ConfigType.String, null, Validators.NonEmptyString(), Importance.Low,
            "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    private readonly RecordPart _part;
    private Settings? _settings;

    private protected MaskField(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _settings = new Settings(
            new HashSet<string>(parsed.GetList(FieldsConfig), StringComparer.Ordinal),
            parsed.GetString(ReplacementConfig),
            parsed.GetBoolean(ReplaceNullWithDefaultConfig));
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
            var updatedMap = Requirements.Copy(map);
            foreach (var field in settings.Fields)
            {
                updatedMap[field] = Masked(map.GetValueOrDefault(field), field, settings.Replacement);
            }

            return _part.With(record, null, updatedMap);
        }

        var original = Requirements.RequireStruct(value, Purpose);
        var updated = new Struct(original.Schema);
        foreach (var field in original.Schema.Fields)
        {
            var fieldValue = settings.ReplaceNullWithDefault ? original.Get(field) : original.GetWithoutDefault(field.Name);
            updated.Put(field, settings.Fields.Contains(field.Name) ? Masked(fieldValue, field.Name, settings.Replacement) : fieldValue);
        }

        return _part.With(record, schema, updated);
    }

    private static object? Masked(object? value, string field, string? replacement)
    {
        if (value is null)
        {
            return null;
        }

        return replacement is null ? EmptyValueLike(value, field) : Replacement(value, field, replacement);
    }

    private static object EmptyValueLike(object value, string field) => value switch
    {
        bool => false,
        sbyte => (sbyte)0,
        short => (short)0,
        int => 0,
        long => 0L,
        float => 0f,
        double => 0d,
        decimal => 0m,
        string => "",
        DateOnly => new DateOnly(1970, 1, 1),
        TimeOnly => TimeOnly.MinValue,
        DateTimeOffset => DateTimeOffset.UnixEpoch,
        IReadOnlyDictionary<string, object?> or IDictionary => new Dictionary<string, object?>(StringComparer.Ordinal),
        IList and not byte[] => new List<object?>(),
        _ => throw new DataException($"Cannot mask value of type {value.GetType().FullName} (field {field})."),
    };

    private static object Replacement(object value, string field, string replacement)
    {
        const NumberStyles Integer = NumberStyles.AllowLeadingSign;
        const NumberStyles Real = NumberStyles.Float;
        var culture = CultureInfo.InvariantCulture;
        object? converted = value switch
        {
            string => replacement,
            sbyte => sbyte.TryParse(replacement, Integer, culture, out var b) ? b : null,
            short => short.TryParse(replacement, Integer, culture, out var s) ? s : null,
            int => int.TryParse(replacement, Integer, culture, out var i) ? i : null,
            long => long.TryParse(replacement, Integer, culture, out var l) ? l : null,
            float => float.TryParse(replacement, Real, culture, out var f) ? f : null,
            double => double.TryParse(replacement, Real, culture, out var d) ? d : null,
            decimal => decimal.TryParse(replacement, Real, culture, out var m) ? m : null,
            _ => throw new DataException($"Cannot mask value of type {value.GetType().FullName} (field {field}) with custom replacement; only numeric and string fields can be."),
        };
        return converted ?? throw new DataException($"Unable to convert replacement {replacement} to the {value.GetType().Name} of field {field}; set '{ReplacementConfig}' to a value of that type.");
    }

    /// <summary>Masks fields of the record key.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.MaskField$Key")]
    public sealed class Key : MaskField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Masks fields of the record value.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.MaskField$Value")]
    public sealed class Value : MaskField
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }

    private sealed record Settings(HashSet<string> Fields, string? Replacement, bool ReplaceNullWithDefault);
}
