using System.Globalization;
using System.Numerics;
using System.Text;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using Npgsql;

namespace DeltaConnect.Plugins.Postgres;

/// <summary>
/// How one Postgres column type becomes Connect data: its schema and how a value in Postgres's text output format
/// (what pgoutput sends) is parsed. The replication session runs with DateStyle=ISO, TimeZone=UTC and
/// IntervalStyle=iso_8601, so the formats below are the only ones to expect. Names follow Debezium's semantic types.
/// </summary>
internal sealed class PgColumnType
{
    private readonly Func<string, object?> _parse;

    private PgColumnType(string typeName, Func<bool, SchemaBuilder> schema, Func<string, object?> parse, Func<NpgsqlDataReader, int, object?>? readBinary = null)
    {
        TypeName = typeName;
        SchemaFor = schema;
        _parse = parse;
        ReadBinary = readBinary;
    }

    /// <summary>The Postgres type, as format_type prints it.</summary>
    public string TypeName { get; }

    /// <summary>The Connect schema; the argument says whether the field is optional.</summary>
    public Func<bool, SchemaBuilder> SchemaFor { get; }

    /// <summary>
    /// Reads a value of this type from a query result in Npgsql's binary format, giving exactly what <see cref="Parse"/>
    /// gives for the text form; null for types that snapshot queries read as text (<c>::text</c>).
    /// </summary>
    public Func<NpgsqlDataReader, int, object?>? ReadBinary { get; }

    /// <summary>Parses the text form of a value.</summary>
    /// <param name="text">The value's text form.</param>
    /// <param name="table">The table (schema.table), for the error message.</param>
    /// <param name="column">The column, for the error message.</param>
    public object? Parse(string text, string table, string column)
    {
        try
        {
            return _parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new DataException($"Column {table}.{column} ({TypeName}): cannot read the value '{(text.Length > 80 ? text[..80] + "..." : text)}': {e.Message}", e);
        }
    }

    /// <summary>Builtin types by OID; everything else goes through <see cref="ForCatalogType"/>.</summary>
    public static PgColumnType? ForBuiltin(uint oid, int typeModifier, string decimalMode) => oid switch
    {
        16 => new("boolean", _ => SchemaBuilder.Bool(), t => t == "t", (r, i) => r.GetBoolean(i)),
        17 => new("bytea", _ => SchemaBuilder.Bytes(), ParseBytea, (r, i) => r.GetFieldValue<byte[]>(i)),
        25 or 1043 or 1042 => new(oid switch { 25 => "text", 1043 => "character varying", _ => "character" }, _ => SchemaBuilder.String(), t => t, (r, i) => r.GetString(i)),
        18 or 19 or 142 or 650 or 869 or 829 or 774 or 790 or 1560 or 1562 or 3614 or 26 => new($"oid {oid}", _ => SchemaBuilder.String(), t => t),
        20 => new("bigint", _ => SchemaBuilder.Int64(), t => long.Parse(t, CultureInfo.InvariantCulture), (r, i) => r.GetInt64(i)),
        21 => new("smallint", _ => SchemaBuilder.Int16(), t => short.Parse(t, CultureInfo.InvariantCulture), (r, i) => r.GetInt16(i)),
        23 => new("integer", _ => SchemaBuilder.Int32(), t => int.Parse(t, CultureInfo.InvariantCulture), (r, i) => r.GetInt32(i)),
        700 => new("real", _ => SchemaBuilder.Float32(), t => float.Parse(t, CultureInfo.InvariantCulture), (r, i) => r.GetFloat(i)),
        701 => new("double precision", _ => SchemaBuilder.Float64(), t => double.Parse(t, CultureInfo.InvariantCulture), (r, i) => r.GetDouble(i)),
        1700 => Numeric(typeModifier, decimalMode),
        2950 => new("uuid", _ => SchemaBuilder.String().Name("io.debezium.data.Uuid").Version(1), t => t, (r, i) => r.GetGuid(i).ToString("D")),
        114 or 3802 => new(oid == 114 ? "json" : "jsonb", _ => SchemaBuilder.String().Name("io.debezium.data.Json").Version(1), t => t, (r, i) => r.GetString(i)),
        1082 => new("date", _ => SchemaBuilder.Int32().Name("io.debezium.time.Date").Version(1), t => ParseDate(t)),
        1083 => new("time", _ => SchemaBuilder.Int64().Name("io.debezium.time.MicroTime").Version(1), t => TimeOnly.Parse(t, CultureInfo.InvariantCulture).Ticks / 10),
        1266 => new("time with time zone", _ => SchemaBuilder.String().Name("io.debezium.time.ZonedTime").Version(1), ParseTimeTz),
        1114 => new("timestamp", _ => SchemaBuilder.Int64().Name("io.debezium.time.MicroTimestamp").Version(1), t => ParseTimestamp(t)),
        1184 => new("timestamp with time zone", _ => SchemaBuilder.String().Name("io.debezium.time.ZonedTimestamp").Version(1), ParseTimestampTz),
        1186 => new("interval", _ => SchemaBuilder.Int64().Name("io.debezium.time.MicroDuration").Version(1), t => ParseInterval(t)),
        _ => null,
    };

    /// <summary>An enum: a string naming its allowed values.</summary>
    public static PgColumnType Enum(string name, IReadOnlyList<string> labels) =>
        new(name, _ => SchemaBuilder.String().Name("io.debezium.data.Enum").Version(1).Parameter("allowed", string.Join(',', labels)), t => t);

    /// <summary>A one-dimensional array of <paramref name="element"/>.</summary>
    public static PgColumnType Array(PgColumnType element) =>
        new(element.TypeName + "[]", _ => SchemaBuilder.Array(element.SchemaFor(true).Optional().Build()), t => ParseArray(t, element));

    /// <summary>Any other type: its text form.</summary>
    public static PgColumnType Text(string name) => new(name, _ => SchemaBuilder.String(), t => t);

    private static PgColumnType Numeric(int typeModifier, string mode)
    {
        // typmod = ((precision << 16) | scale) + 4; -1 when unconstrained.
        var precision = typeModifier >= 4 ? ((typeModifier - 4) >> 16) & 0xffff : -1;
        var scale = typeModifier >= 4 ? (typeModifier - 4) & 0xffff : -1;
        return mode switch
        {
            "double" => new("numeric", _ => SchemaBuilder.Float64(), t => double.Parse(t, CultureInfo.InvariantCulture)),
            "string" => new("numeric", _ => SchemaBuilder.String(), t => t),
            _ when precision is > 0 and <= 28 => new(
                $"numeric({precision},{scale})",
                _ => ConnectDecimal.Builder(scale).Parameter("connect.decimal.precision", precision.ToString(CultureInfo.InvariantCulture)),
                t => t == "NaN" ? null : decimal.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture),
                (r, i) => ReadDecimal(r, i)),
            _ => new("numeric", _ => VariableScaleDecimal(), ParseVariableScale),
        };
    }

    /// <summary>A numeric(p ≤ 28, s) as a decimal with the column's scale; NaN (which has no decimal) is null, as in the text form.</summary>
    private static decimal? ReadDecimal(NpgsqlDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetDecimal(ordinal);
        }
        catch (InvalidCastException)
        {
            // Npgsql refuses only NaN here: every other numeric(p ≤ 28, s) fits a decimal.
            return null;
        }
    }

    private static SchemaBuilder VariableScaleDecimal() => SchemaBuilder.Struct().Name("io.debezium.data.VariableScaleDecimal").Version(1)
        .Doc("Variable scaled decimal").Field("scale", Schema.Int32).Field("value", Schema.Bytes);

    private static readonly Schema VariableScaleSchema = VariableScaleDecimal().Optional().Build();

    private static Struct? ParseVariableScale(string text)
    {
        if (text == "NaN")
        {
            return null;
        }

        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var point = digits.IndexOf('.', StringComparison.Ordinal);
        var scale = point < 0 ? 0 : digits.Length - point - 1;
        var unscaled = BigInteger.Parse(point < 0 ? digits : digits.Remove(point, 1), NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
        {
            unscaled = -unscaled;
        }

        return new Struct(VariableScaleSchema).Put("scale", scale).Put("value", unscaled.ToByteArray(isUnsigned: false, isBigEndian: true));
    }

    private static byte[] ParseBytea(string text) => text.StartsWith("\\x", StringComparison.Ordinal)
        ? Convert.FromHexString(text.AsSpan(2))
        : throw new FormatException("expected the hex format (bytea_output=hex)");

    private static int ParseDate(string text) => text switch
    {
        "infinity" => int.MaxValue,
        "-infinity" => int.MinValue,
        _ => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber,
    };

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF"];

    private static long ParseTimestamp(string text) => text switch
    {
        "infinity" => long.MaxValue,
        "-infinity" => long.MinValue,
        _ => (DateTime.ParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) - DateTime.UnixEpoch).Ticks / 10,
    };

    private static string ParseTimestampTz(string text)
    {
        if (text is "infinity" or "-infinity")
        {
            return text;
        }

        if (IsPrintedInUtc(text))
        {
            // The session's own format (TimeZone=UTC): "yyyy-MM-dd HH:mm:ss[.ffffff]+00" becomes "yyyy-MM-ddTHH:mm:ss[.ffffff]Z"
            // by copying, which is what the parse-and-format below gives for it.
            return string.Create(text.Length - 2, text, static (span, t) =>
            {
                t.AsSpan(0, 10).CopyTo(span);
                span[10] = 'T';
                t.AsSpan(11, t.Length - 14).CopyTo(span[11..]);
                span[^1] = 'Z';
            });
        }

        // Anything else is converted to UTC all the same.
        var value = DateTimeOffset.ParseExact(NormalizeOffset(text), ["yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFzzz"], CultureInfo.InvariantCulture, DateTimeStyles.None);
        return value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>
    /// Whether <paramref name="text"/> is exactly "yyyy-MM-dd HH:mm:ss+00" or "yyyy-MM-dd HH:mm:ss.f+00" with one to six
    /// fraction digits, the last not 0 (as Postgres prints them).
    /// </summary>
    private static bool IsPrintedInUtc(string text)
    {
        var length = text.Length;
        if (length is < 22 or > 29 || !text.EndsWith("+00", StringComparison.Ordinal)
            || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || !AllDigits(text.AsSpan(0, 4)) || !AllDigits(text.AsSpan(5, 2)) || !AllDigits(text.AsSpan(8, 2))
            || !AllDigits(text.AsSpan(11, 2)) || !AllDigits(text.AsSpan(14, 2)) || !AllDigits(text.AsSpan(17, 2)))
        {
            return false;
        }

        return length == 22 || (length >= 24 && text[19] == '.' && AllDigits(text.AsSpan(20, length - 23)) && text[length - 4] != '0');

        static bool AllDigits(ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');
    }

    private static string ParseTimeTz(string text)
    {
        var value = DateTimeOffset.ParseExact(NormalizeOffset("2000-01-01 " + text), ["yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFzzz"], CultureInfo.InvariantCulture, DateTimeStyles.None);
        return value.UtcDateTime.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>"...+05" → "...+05:00" (the zone offset after the time; the date's dashes come before index 10).</summary>
    private static string NormalizeOffset(string text)
    {
        var sign = text.LastIndexOfAny(['+', '-']);
        return sign <= 10 || text.AsSpan(sign).Contains(':') ? text : text + ":00";
    }

    /// <summary>ISO 8601 interval ("P1Y2M3DT4H5M6.5S", components may be negative) in microseconds, a month being 365.25/12 days as in Debezium.</summary>
    private static long ParseInterval(string text)
    {
        if (!text.StartsWith('P'))
        {
            throw new FormatException("expected IntervalStyle=iso_8601");
        }

        double micros = 0;
        var inTime = false;
        var number = new StringBuilder();
        foreach (var c in text.AsSpan(1))
        {
            if (c == 'T')
            {
                inTime = true;
                continue;
            }

            if (char.IsDigit(c) || c is '-' or '.' or '+')
            {
                number.Append(c);
                continue;
            }

            var amount = double.Parse(number.ToString(), CultureInfo.InvariantCulture);
            number.Clear();
            micros += (c, inTime) switch
            {
                ('Y', false) => amount * 12 * 365.25 / 12 * 86_400e6,
                ('M', false) => amount * 365.25 / 12 * 86_400e6,
                ('W', false) => amount * 7 * 86_400e6,
                ('D', false) => amount * 86_400e6,
                ('H', true) => amount * 3_600e6,
                ('M', true) => amount * 60e6,
                ('S', true) => amount * 1e6,
                _ => throw new FormatException($"unexpected '{c}'"),
            };
        }

        return (long)Math.Round(micros);
    }

    /// <summary>A one-dimensional array literal: {a,"b c",NULL}.</summary>
    private static List<object?> ParseArray(string text, PgColumnType element)
    {
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}')
        {
            throw new FormatException("expected a one-dimensional array literal {...}");
        }

        var values = new List<object?>();
        if (text.Length == 2)
        {
            return values;
        }

        var current = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    current.Append(text[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = wasQuoted = true;
            }
            else if (c == '{')
            {
                throw new FormatException("multi-dimensional arrays are not supported");
            }
            else if (c == ',')
            {
                values.Add(Element(current.ToString(), wasQuoted, element));
                current.Clear();
                wasQuoted = false;
            }
            else
            {
                current.Append(c);
            }
        }

        values.Add(Element(current.ToString(), wasQuoted, element));
        return values;
    }

    private static object? Element(string text, bool quoted, PgColumnType element) =>
        !quoted && text == "NULL" ? null : element._parse(text);
}
