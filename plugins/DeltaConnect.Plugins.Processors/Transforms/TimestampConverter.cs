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
/// Converts a timestamp field, or the whole key or value, between text (<c>string</c>, with a SimpleDateFormat
/// <c>format</c>), epoch numbers (<c>unix</c>, in <c>unix.precision</c>) and the Connect <c>Date</c>, <c>Time</c> and
/// <c>Timestamp</c> types (Kafka Connect's <c>TimestampConverter</c>). The input kind comes from the schema, or from
/// the .NET value when there is none (<see cref="string"/>, <see cref="long"/>, <see cref="DateTimeOffset"/>,
/// <see cref="DateOnly"/>, <see cref="TimeOnly"/>). Conversions go through milliseconds since the epoch in UTC, so
/// sub-millisecond parts are lost, as in Kafka Connect. Use <see cref="Key"/> or <see cref="Value"/>.
/// </summary>
public abstract class TimestampConverter : Transformation
{
    private const string FieldConfig = "field";
    private const string TargetTypeConfig = "target.type";
    private const string FormatConfig = "format";
    private const string UnixPrecisionConfig = "unix.precision";
    private const string ReplaceNullWithDefaultConfig = "replace.null.with.default";
    private const string Purpose = "converting timestamp formats";

    private const string TypeString = "string";
    private const string TypeUnix = "unix";
    private const string TypeDate = "Date";
    private const string TypeTime = "Time";
    private const string TypeTimestamp = "Timestamp";

    private const string PrecisionMilliseconds = "milliseconds";
    private const string PrecisionMicroseconds = "microseconds";
    private const string PrecisionNanoseconds = "nanoseconds";
    private const string PrecisionSeconds = "seconds";

    private const long MillisecondsPerDay = 24L * 60 * 60 * 1000;

    private static readonly ConfigDef Definition = new ConfigDef()
        .Define(FieldConfig, ConfigType.String, "", null, Importance.High, "The field containing the timestamp, or empty if the entire value is a timestamp")
        .Define(TargetTypeConfig, ConfigType.String, ConfigDef.NoDefaultValue, Validators.In(TypeString, TypeUnix, TypeDate, TypeTime, TypeTimestamp), Importance.High,
            "The desired timestamp representation: string, unix, Date, Time, or Timestamp")
        .Define(FormatConfig, ConfigType.String, "", null, Importance.Medium,
            "A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.")
        .Define(UnixPrecisionConfig, ConfigType.String, PrecisionMilliseconds,
            Validators.In(PrecisionNanoseconds, PrecisionMicroseconds, PrecisionMilliseconds, PrecisionSeconds), Importance.Low,
            "The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. " +
            "Used to generate the output when type=unix or used to parse the input if the input is a Long. " +
            "Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.")
        .Define(
            ReplaceNullWithDefaultConfig,
            ConfigType.Boolean,
            true,
            Importance.Medium,
            "Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.");

    private static readonly Schema OptionalDate = ConnectDate.Builder().Optional().Build();
    private static readonly Schema OptionalTime = ConnectTime.Builder().Optional().Build();
    private static readonly Schema OptionalTimestamp = ConnectTimestamp.Builder().Optional().Build();

    private readonly RecordPart _part;
    private readonly SchemaCache _schemas = new();
    private Settings? _settings;

    private protected TimestampConverter(RecordPart part) => _part = part;

    /// <summary>The representations a timestamp can have.</summary>
    private enum Kind
    {
        String,
        Unix,
        Date,
        Time,
        Timestamp,
    }

    /// <inheritdoc />
    public override ConfigDef Config => Definition;

    /// <inheritdoc />
    public override void Configure(IReadOnlyDictionary<string, string> config)
    {
        var parsed = new ParsedConfig(Definition, config);
        var target = parsed.GetString(TargetTypeConfig) switch
        {
            TypeString => Kind.String,
            TypeUnix => Kind.Unix,
            TypeDate => Kind.Date,
            TypeTime => Kind.Time,
            _ => Kind.Timestamp,
        };
        var formatPattern = parsed.GetString(FormatConfig) ?? "";
        if (target == Kind.String && string.IsNullOrWhiteSpace(formatPattern))
        {
            throw new ConfigException(FormatConfig, formatPattern, $"TimestampConverter requires format option to be specified when using string timestamps ({TargetTypeConfig}={TypeString}).");
        }

        var format = string.IsNullOrWhiteSpace(formatPattern) ? null : SimpleDateFormatPattern.Create(formatPattern, FormatConfig);
        _settings = new Settings(
            parsed.GetString(FieldConfig) ?? "",
            target,
            format,
            parsed.GetString(UnixPrecisionConfig)!,
            parsed.GetBoolean(ReplaceNullWithDefaultConfig));
        _schemas.Clear();
    }

    /// <inheritdoc />
    public override ConnectRecord? Apply(ConnectRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var settings = _settings ?? throw NotConfigured.Error(this);
        var schema = _part.SchemaOf(record);
        var value = _part.ValueOf(record);
        if (schema is null)
        {
            if (value is null || settings.Field.Length == 0)
            {
                return _part.With(record, null, Convert(value, null, settings, _part.Name));
            }

            var map = Requirements.RequireMap(value, Purpose);
            var updatedMap = Requirements.Copy(map);
            updatedMap[settings.Field] = Convert(map.GetValueOrDefault(settings.Field), null, settings, settings.Field);
            return _part.With(record, null, updatedMap);
        }

        if (settings.Field.Length == 0)
        {
            var kind = KindOf(schema, _part.Name);
            return _part.With(record, TargetSchema(settings.Target, schema.IsOptional), Convert(value, kind, settings, _part.Name));
        }

        var original = Requirements.RequireStructOrNull(value, Purpose);
        var updatedSchema = _schemas.GetOrAdd(schema, settings, BuildSchema);
        return _part.With(record, updatedSchema, original is null ? null : ConvertStruct(original, updatedSchema, settings, settings.ReplaceNullWithDefault));
    }

    private static Schema BuildSchema(Schema schema, Settings settings)
    {
        if (schema.Type != SchemaType.Struct)
        {
            throw new DataException($"Only Struct objects supported for [{Purpose}] of field {settings.Field}, found a schema of type {ConnectTypes.ConfigName(schema.Type)}.");
        }

        var builder = SchemaCopy.Basics(schema, SchemaBuilder.Struct());
        foreach (var field in schema.Fields)
        {
            builder.Field(field.Name, field.Name == settings.Field ? TargetSchema(settings.Target, field.Schema.IsOptional) : field.Schema);
        }

        if (schema.IsOptional)
        {
            builder.Optional();
        }

        var withoutDefault = builder.Build();
        return schema.DefaultValue is Struct structDefault
            ? SchemaCopy.WithStructDefault(withoutDefault, updated => ConvertStruct(structDefault, updated, settings, replaceNullWithDefault: true))
            : withoutDefault;
    }

    private static Struct ConvertStruct(Struct original, Schema updatedSchema, Settings settings, bool replaceNullWithDefault)
    {
        var updated = new Struct(updatedSchema);
        foreach (var field in original.Schema.Fields)
        {
            var fieldValue = replaceNullWithDefault ? original.Get(field) : original.GetWithoutDefault(field.Name);
            if (field.Name == settings.Field)
            {
                fieldValue = Convert(fieldValue, KindOf(field.Schema, field.Name), settings, field.Name);
            }

            updated.Put(updatedSchema.Fields[field.Index], fieldValue);
        }

        return updated;
    }

    private static Schema TargetSchema(Kind target, bool optional) => target switch
    {
        Kind.String => optional ? Schema.OptionalString : Schema.String,
        Kind.Unix => optional ? Schema.OptionalInt64 : Schema.Int64,
        Kind.Date => optional ? OptionalDate : ConnectDate.Schema,
        Kind.Time => optional ? OptionalTime : ConnectTime.Schema,
        _ => optional ? OptionalTimestamp : ConnectTimestamp.Schema,
    };

    private static Kind KindOf(Schema schema, string field) => schema switch
    {
        { Name: ConnectTimestamp.LogicalName } => Kind.Timestamp,
        { Name: ConnectDate.LogicalName } => Kind.Date,
        { Name: ConnectTime.LogicalName } => Kind.Time,
        { Type: SchemaType.String } => Kind.String,
        { Type: SchemaType.Int64 } => Kind.Unix,
        _ => throw new DataException($"Schema {schema} of {field} does not correspond to a known timestamp type format; expected a string, an int64 or a Date, Time or Timestamp."),
    };

    private static Kind KindOf(object value, string field) => value switch
    {
        DateTimeOffset => Kind.Timestamp,
        DateOnly => Kind.Date,
        TimeOnly => Kind.Time,
        long => Kind.Unix,
        string => Kind.String,
        _ => throw new DataException($"TimestampConverter does not support {value.GetType().FullName} objects as timestamps ({field}); expected a string, a long, a DateTimeOffset, a DateOnly or a TimeOnly."),
    };

    private static object? Convert(object? value, Kind? from, Settings settings, string field)
    {
        if (value is null)
        {
            return null;
        }

        var milliseconds = ToEpochMilliseconds(value, from ?? KindOf(value, field), settings, field);
        return FromEpochMilliseconds(milliseconds, settings, field);
    }

    private static long ToEpochMilliseconds(object value, Kind from, Settings settings, string field)
    {
        switch (from)
        {
            case Kind.String:
                if (value is not string text)
                {
                    throw new DataException($"Expected string timestamp ({field}) to be a String, but found {value.GetType().FullName}.");
                }

                if (settings.Format is null)
                {
                    throw new DataException($"Cannot parse the string timestamp ({field}) without a pattern; set '{FormatConfig}'.");
                }

                return settings.Format.TryParse(text, out var parsed)
                    ? parsed.ToUnixTimeMilliseconds()
                    : throw new DataException($"Could not parse timestamp ({field}): value ({text}) does not match pattern ({settings.Format.Pattern}).");
            case Kind.Unix:
                if (value is not long unix)
                {
                    throw new DataException($"Expected Unix timestamp ({field}) to be a Long, but found {value.GetType().FullName}.");
                }

                return settings.UnixPrecision switch
                {
                    PrecisionSeconds => Saturating(unix, 1000),
                    PrecisionMicroseconds => unix / 1000,
                    PrecisionNanoseconds => unix / 1_000_000,
                    _ => unix,
                };
            case Kind.Date:
                return value is DateOnly date
                    ? ConnectDate.FromLogical(date) * MillisecondsPerDay
                    : throw new DataException($"Expected Date ({field}) to be a DateOnly, but found {value.GetType().FullName}.");
            case Kind.Time:
                return value is TimeOnly time
                    ? ConnectTime.FromLogical(time)
                    : throw new DataException($"Expected Time ({field}) to be a TimeOnly, but found {value.GetType().FullName}.");
            default:
                return value is DateTimeOffset timestamp
                    ? ConnectTimestamp.FromLogical(timestamp)
                    : throw new DataException($"Expected Timestamp ({field}) to be a DateTimeOffset, but found {value.GetType().FullName}.");
        }
    }

    private static object FromEpochMilliseconds(long milliseconds, Settings settings, string field)
    {
        try
        {
            return settings.Target switch
            {
                Kind.String => settings.Format!.Format(ConnectTimestamp.ToLogical(milliseconds)),
                Kind.Unix => settings.UnixPrecision switch
                {
                    PrecisionSeconds => milliseconds / 1000,
                    PrecisionMicroseconds => Saturating(milliseconds, 1000),
                    PrecisionNanoseconds => Saturating(milliseconds, 1_000_000),
                    _ => milliseconds,
                },
                Kind.Date => ConnectDate.ToLogical(checked((int)FloorDiv(milliseconds, MillisecondsPerDay))),
                Kind.Time => ConnectTime.ToLogical((int)(milliseconds - FloorDiv(milliseconds, MillisecondsPerDay) * MillisecondsPerDay)),
                _ => ConnectTimestamp.ToLogical(milliseconds),
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new DataException($"Timestamp {milliseconds} ms since the epoch ({field}) is outside the range .NET dates can hold (years 1 to 9999).", e);
        }
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }

    // Java's TimeUnit conversions saturate instead of overflowing.
    private static long Saturating(long value, long factor) =>
        value > long.MaxValue / factor ? long.MaxValue : value < long.MinValue / factor ? long.MinValue : value * factor;

    /// <summary>Converts a timestamp in the record key.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.TimestampConverter$Key")]
    public sealed class Key : TimestampConverter
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Key()
            : base(RecordPart.Key)
        {
        }
    }

    /// <summary>Converts a timestamp in the record value.</summary>
    [PluginAlias("org.apache.kafka.connect.transforms.TimestampConverter$Value")]
    public sealed class Value : TimestampConverter
    {
        /// <summary>Creates the transform; configure it before use.</summary>
        public Value()
            : base(RecordPart.Value)
        {
        }
    }

    private sealed record Settings(string Field, Kind Target, SimpleDateFormatPattern? Format, string UnixPrecision, bool ReplaceNullWithDefault);
}
