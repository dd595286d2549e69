using System.Globalization;
using DeltaConnect.Plugins.Processors.Configuration;
using DeltaConnect.Plugins.Processors.Conversions;
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
/// Casts fields, or the entire key or value, to another primitive type (Kafka Connect's <c>Cast</c>), e.g. to force
/// an integer field to a smaller width. Integers, floats, booleans and strings cast to any of int8, int16, int32,
/// int64, float32, float64, boolean and string; bytes cast to string (base64). Date, Time, Timestamp and Decimal
/// fields cast as their numeric representation (days, milliseconds, milliseconds, the number), or to their ISO-8601
/// text. Narrowing follows Java: integers wrap, floating-point numbers saturate. Null keys or values pass unchanged.
/// Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class Cast : Transformation
{
    private const string SpecConfig = "spec";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string Purpose = "cast types";

    private static readonly SchemaType[] SupportedInputTypes =
        [SchemaType.Int8, SchemaType.Int16, SchemaType.Int32, SchemaType.Int64, SchemaType.Float32, SchemaType.Float64, SchemaType.Boolean, SchemaType.String, SchemaType.Bytes];

    private static readonly SchemaType[] SupportedOutputTypes =
        [SchemaType.Int8, SchemaType.Int16, SchemaType.Int32, SchemaType.Int64, SchemaType.Float32, SchemaType.Float64, SchemaType.Boolean, SchemaType.String];

    private static readonly Dictionary<string, SchemaType> TypesByName =
        Enum.GetValues<SchemaType>().ToDictionary(ConnectTypes.ConfigName, StringComparer.OrdinalIgnoreCase);

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(
            SpecConfig,
            ConfigType.List,
            ConfigDef.NoDefaultValue,
            ConfigValidators.List(SpecProblem, "list of colon-delimited pairs, e.g. foo:bar,abc:xyz"),
            Importance.High,
            "List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. " +
            "A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. " +
            "Note that binary fields can only be cast to string.")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    private readonly RecordPart _part;
    private readonly SchemaCache _schemas = new();
    private Spec? _spec;
    private bool _replaceNullWithDefault;

    private protected Cast(RecordPart part) => _part = part;

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        _spec = ParseSpec(parsed.GetList(SpecConfig));
        _replaceNullWithDefault = parsed.GetBoolean(ReplaceNullWithDefaultConfig);
        _schemas.Clear();
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var spec = _spec ?? throw NotConfigured.Error(this);
        var value = _part.ValueOf(record);
        if (value is null)
        {
            return record;
        }

        var schema = _part.SchemaOf(record);
        return schema is null ? ApplySchemaless(record, spec, value) : ApplyWithSchema(record, spec, schema, value);
    }

    private ConnectRecord ApplySchemaless(ConnectRecord record, Spec spec, object value)
    {
        if (spec.WholeValueType is { } wholeType)
        {
            return _part.With(record, null, CastValue(null, value, wholeType, _part.Name));
        }

        var map = Requirements.RequireMap(value, Purpose);
        var updated = Requirements.Copy(map);
        foreach (var (field, type) in spec.FieldTypes)
        {
            updated[field] = CastValue(null, map.GetValueOrDefault(field), type, field);
        }

        return _part.With(record, null, updated);
    }

    private ConnectRecord ApplyWithSchema(ConnectRecord record, Spec spec, Schema schema, object value)
    {
        var updatedSchema = _schemas.GetOrAdd(schema, this, static (input, self) => self.BuildSchema(input));
        if (spec.WholeValueType is { } wholeType)
        {
            return _part.With(record, updatedSchema, CastValue(schema, value, wholeType, _part.Name));
        }

        return _part.With(record, updatedSchema, CastFields(Requirements.RequireStruct(value, Purpose), updatedSchema, spec, _replaceNullWithDefault));
    }

    private static Struct CastFields(Struct original, Schema updatedSchema, Spec spec, bool replaceNullWithDefault)
    {
        var updated = new Struct(updatedSchema);
        foreach (var field in original.Schema.Fields)
        {
            var fieldValue = replaceNullWithDefault ? original.Get(field) : original.GetWithoutDefault(field.Name);
            if (spec.FieldTypes.TryGetValue(field.Name, out var type))
            {
                fieldValue = CastValue(field.Schema, fieldValue, type, field.Name);
            }

            updated.Put(updatedSchema.Field(field.Name)!, fieldValue);
        }

        return updated;
    }

    private Schema BuildSchema(Schema schema)
    {
        var spec = _spec!;
        SchemaBuilder builder;
        if (spec.WholeValueType is { } wholeType)
        {
            builder = SchemaBuilder.Type(wholeType);

            // The name and parameters of a logical type would make the cast value invalid for the new schema.
            if (!IsLogical(schema))
            {
                SchemaCopy.Basics(schema, builder);
            }

            if (schema.IsOptional)
            {
                builder.Optional();
            }

            if (schema.DefaultValue is { } defaultValue)
            {
                builder.DefaultValue(CastValue(schema, defaultValue, wholeType, "default value"));
            }

            return builder.Build();
        }

        if (schema.Type != SchemaType.Struct)
        {
            throw new DataException($"Only Struct objects supported for [{Purpose}], found a {_part.Name} schema of type {ConnectTypes.ConfigName(schema.Type)}.");
        }

        builder = SchemaCopy.Basics(schema, SchemaBuilder.Struct());
        foreach (var field in schema.Fields)
        {
            if (!spec.FieldTypes.TryGetValue(field.Name, out var type))
            {
                builder.Field(field.Name, field.Schema);
                continue;
            }

            var fieldBuilder = SchemaBuilder.Type(type);
            if (field.Schema.IsOptional)
            {
                fieldBuilder.Optional();
            }

            if (field.Schema.DefaultValue is { } fieldDefault)
            {
                fieldBuilder.DefaultValue(CastValue(field.Schema, fieldDefault, type, field.Name));
            }

            builder.Field(field.Name, fieldBuilder.Build());
        }

        if (schema.IsOptional)
        {
            builder.Optional();
        }

        var withoutDefault = builder.Build();
        return schema.DefaultValue is Struct structDefault
            ? SchemaCopy.WithStructDefault(withoutDefault, updated => CastFields(structDefault, updated, spec, replaceNullWithDefault: true))
            : withoutDefault;
    }

    private static bool IsLogical(Schema schema) =>
        schema.Name is ConnectDecimal.LogicalName or ConnectDate.LogicalName or ConnectTime.LogicalName or ConnectTimestamp.LogicalName;

    private static object? CastValue(Schema? schema, object? value, SchemaType target, string field)
    {
        if (value is null)
        {
            return null;
        }

        var inputType = schema?.Type ?? ConnectTypes.Infer(value)
            ?? throw new DataException($"Cast transformation was passed a value of type {value.GetType().FullName} (field {field}) which is not supported by Connect's data API.");
        if (Array.IndexOf(SupportedInputTypes, inputType) < 0)
        {
            throw new DataException($"Cast transformation does not support casting from {ConnectTypes.ConfigName(inputType)} (field {field}); supported types are [{Names(SupportedInputTypes)}].");
        }

        if (schema is { Name: not null } && target != SchemaType.String)
        {
            value = EncodeLogical(schema, value);
        }

        try
        {
            return target switch
            {
                SchemaType.Int8 => value switch
                {
                    bool b => (sbyte)(b ? 1 : 0),
                    string s => sbyte.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                    _ when JavaNumbers.IsNumber(value) => JavaNumbers.ToInt8(value),
                    _ => throw Unexpected(value, target, field),
                },
                SchemaType.Int16 => value switch
                {
                    bool b => (short)(b ? 1 : 0),
                    string s => short.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                    _ when JavaNumbers.IsNumber(value) => JavaNumbers.ToInt16(value),
                    _ => throw Unexpected(value, target, field),
                },
                SchemaType.Int32 => value switch
                {
                    bool b => b ? 1 : 0,
                    string s => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                    _ when JavaNumbers.IsNumber(value) => JavaNumbers.ToInt32(value),
                    _ => throw Unexpected(value, target, field),
                },
                SchemaType.Int64 => value switch
                {
                    bool b => b ? 1L : 0L,
                    string s => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                    _ when JavaNumbers.IsNumber(value) => JavaNumbers.ToInt64(value),
                    _ => throw Unexpected(value, target, field),
                },
                SchemaType.Float32 => value switch
                {
                    bool b => b ? 1f : 0f,
                    string s => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                    _ when JavaNumbers.IsNumber(value) => JavaNumbers.ToFloat32(value),
                    _ => throw Unexpected(value, target, field),
                },
                SchemaType.Float64 => value switch
                {
                    bool b => b ? 1d : 0d,
                    string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                    _ when JavaNumbers.IsNumber(value) => JavaNumbers.ToFloat64(value),
                    _ => throw Unexpected(value, target, field),
                },
                SchemaType.Boolean => value switch
                {
                    bool b => b,
                    string s => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
                    _ when JavaNumbers.IsNumber(value) => JavaNumbers.ToInt64(value) != 0L,
                    _ => throw Unexpected(value, target, field),
                },
                SchemaType.String => CastToString(schema, value),
                _ => throw new DataException($"{target} is not supported in the Cast transformation."),
            };
        }
        catch (FormatException e)
        {
            throw new DataException($"Value ({value}) of field {field} is not a valid {ConnectTypes.ConfigName(target)}.", e);
        }
        catch (OverflowException e)
        {
            throw new DataException($"Value ({value}) of field {field} was out of range for requested data type {ConnectTypes.ConfigName(target)}.", e);
        }
    }

    private static object EncodeLogical(Schema schema, object value) => (schema.Name, value) switch
    {
        (ConnectDate.LogicalName, DateOnly date) => ConnectDate.FromLogical(date),
        (ConnectTime.LogicalName, TimeOnly time) => ConnectTime.FromLogical(time),
        (ConnectTimestamp.LogicalName, DateTimeOffset timestamp) => ConnectTimestamp.FromLogical(timestamp),
        _ => value,
    };

    private static string CastToString(Schema? schema, object value) => value switch
    {
        string s => s,
        bool b => JavaText.Boolean(b),
        float f => JavaText.Float(f),
        double d => JavaText.Double(d),
        decimal m when schema is { Name: ConnectDecimal.LogicalName } && ConnectDecimal.Scale(schema) is var scale and >= 0 =>
            m.ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        DateOnly date => IsoTemporal.Format(date),
        TimeOnly time => IsoTemporal.Format(time),
        DateTimeOffset timestamp => IsoTemporal.Format(timestamp),
        byte[] bytes => Convert.ToBase64String(bytes),
        ReadOnlyMemory<byte> memory => Convert.ToBase64String(memory.Span),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static DataException Unexpected(object value, SchemaType target, string field) =>
        new($"Unexpected type in Cast transformation: {value.GetType().FullName} (field {field}) cannot be cast to {ConnectTypes.ConfigName(target)}.");

    private static string Names(SchemaType[] types) => string.Join(", ", types.Select(ConnectTypes.ConfigName));

    private static string? SpecProblem(IReadOnlyList<string> mappings)
    {
        try
        {
            ParseSpec(mappings);
            return null;
        }
        catch (ConfigException e)
        {
            return e.Message;
        }
    }

    private static Spec ParseSpec(IReadOnlyList<string> mappings)
    {
        if (mappings.Count == 0)
        {
            throw new ConfigException("Must specify at least one field to cast.");
        }

        var fieldTypes = new Dictionary<string, SchemaType>(StringComparer.Ordinal);
        SchemaType? wholeValueType = null;
        foreach (var mapping in mappings)
        {
            var parts = mapping.Split(':');
            switch (parts.Length)
            {
                case 1:
                    wholeValueType = OutputType(parts[0]);
                    break;
                case 2 when parts[0].Trim().Length > 0:
                    fieldTypes[parts[0].Trim()] = OutputType(parts[1]);
                    break;
                default:
                    throw new ConfigException($"Invalid cast mapping: {mapping}; write field:type, or only a type to cast the whole value.");
            }
        }

        if (wholeValueType is not null && mappings.Count > 1)
        {
            throw new ConfigException("Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec.");
        }

        return new Spec(fieldTypes, wholeValueType);
    }

    private static SchemaType OutputType(string name)
    {
        if (!TypesByName.TryGetValue(name.Trim(), out var type))
        {
            throw new ConfigException($"Invalid type found in casting spec: {name.Trim()}; valid types are [{Names(SupportedOutputTypes)}].");
        }

        return Array.IndexOf(SupportedOutputTypes, type) >= 0
            ? type
            : throw new ConfigException($"Cast transformation does not support casting to {ConnectTypes.ConfigName(type)}; supported types are [{Names(SupportedOutputTypes)}].");
    }

    /// <summary>Casts fields of the record key, or the whole key.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.Cast$Key")]
    public sealed class Key : Cast
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Casts fields of the record value, or the whole value.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.Cast$Value")]
    public sealed class Value : Cast
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }

    private sealed record Spec(Dictionary<string, SchemaType> FieldTypes, SchemaType? WholeValueType);
}
