using System.Globalization;
using System.Numerics;
using DeltaConnect.Schemas.Text;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Schemas.Headers;

/// <summary>
/// Infers the schema and value of header text, as Kafka Connect's <c>Values.parseString</c> does for
/// SimpleHeaderConverter: <c>null</c>; <c>true</c>/<c>false</c>; integers as the smallest of int8, int16, int32,
/// int64 that holds them (<c>1.0</c> is the int8 1); other numbers as float32 when finite as a float, else float64,
/// else a Decimal; ISO-8601 dates (<c>2024-05-01</c>), times (<c>13:45:00.000Z</c>) and timestamps
/// (<c>2024-05-01T13:45:00.000Z</c>) as the Date, Time and Timestamp logical types; <c>[...]</c> arrays and
/// <c>{k:v,...}</c> maps of such values (strings inside them quoted); anything else, or anything that does not parse
/// completely, as the string itself.
/// </summary>
/// <remarks>
/// <para>
/// An array gets the schema <c>array&lt;T&gt;</c> when its elements share a type (numbers widen: int8 &lt; int16 &lt;
/// int32 &lt; int64 &lt; float32 &lt; float64, and are converted to it); a map gets <c>map&lt;K,V&gt;</c> when both
/// its keys and its values do. An array mixing null and non-null elements, or a map mixing null and non-null values,
/// is read as a string, as in Kafka.
/// </para>
/// <para>
/// Not covered, or deliberately different: the SDK cannot express Kafka's schemas with no element type
/// (<c>arrayOfNull</c>, <c>mapOfNull</c>, <c>mapWithNullValues</c>), so empty, all-null and mixed arrays and maps are
/// returned with no schema (null) and their values as parsed; nested arrays or maps whose element schemas differ
/// get no common schema (Kafka picks the last one without converting). Text is a value only if it parses completely
/// (Kafka reads <c>1,2</c> as the int8 1 and drops the rest; here it is the string "1,2"). Quoted strings inside
/// containers are unescaped (<c>\"</c> and <c>\\</c>), which Kafka writes but does not undo; whitespace inside quotes is
/// kept. Dates and times are parsed strictly (Kafka's parser is lenient, rolling 2024-13-45 over into a later date)
/// and in UTC (Kafka uses the JVM's zone). Digits are ASCII only.
/// </para>
/// </remarks>
internal sealed class HeaderValueParser
{
    private const string Delimiters = ":,{}[]\"";

    private readonly string _text;
    private int _position;

    private HeaderValueParser(string text) => _text = text;

    /// <summary>The schema and value <paramref name="text"/> stands for (a string when nothing else fits).</summary>
    public static SchemaAndValue Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var asString = new SchemaAndValue(Schema.String, text);
        var trimmed = JavaTrim(text);
        if (trimmed.Length == 0)
        {
            return asString;
        }

        switch (trimmed)
        {
            case "null":
                return SchemaAndValue.Null;
            case "true":
                return new SchemaAndValue(Schema.Boolean, true);
            case "false":
                return new SchemaAndValue(Schema.Boolean, false);
        }

        if (trimmed[0] is '[' or '{')
        {
            var parser = new HeaderValueParser(text);
            return parser.TryParseValue(out var parsed) && parser.AtEndIgnoringWhitespace()
                ? new SchemaAndValue(parsed.Schema, parsed.Value)
                : asString;
        }

        if (char.IsAsciiDigit(trimmed[0]) && TryParseTemporal(trimmed, out var temporal))
        {
            return new SchemaAndValue(temporal.Schema, temporal.Value);
        }

        if ((char.IsAsciiDigit(trimmed[0]) || trimmed[0] is '+' or '-') && TryParseNumber(trimmed, out var number))
        {
            return new SchemaAndValue(number.Schema, number.Value);
        }

        return asString;
    }

    // Java's String.trim(): strips every character up to U+0020.
    private static string JavaTrim(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && text[start] <= ' ')
        {
            start++;
        }

        while (end > start && text[end - 1] <= ' ')
        {
            end--;
        }

        return text[start..end];
    }

    private static bool TryParseTemporal(string token, out Parsed parsed)
    {
        token = token.Replace("\\:", ":", StringComparison.Ordinal);
        switch (token.Length)
        {
            case 13 when TimeOnly.TryParseExact(token, JavaObjectText.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time):
                parsed = new Parsed(ConnectTime.Schema, time);
                return true;
            case 24 when DateTimeOffset.TryParseExact(token, JavaObjectText.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp):
                parsed = new Parsed(ConnectTimestamp.Schema, timestamp);
                return true;
            case 10 when DateOnly.TryParseExact(token, JavaObjectText.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                parsed = new Parsed(ConnectDate.Schema, date);
                return true;
            default:
                parsed = default;
                return false;
        }
    }

    private static bool TryParseNumber(string token, out Parsed parsed)
    {
        parsed = default;
        if (!JavaNumberText.TryParseBigDecimal(token, out var unscaled, out var scale))
        {
            return false;
        }

        if (TryGetIntegral(unscaled, scale, out var integral))
        {
            parsed = integral switch
            {
                >= sbyte.MinValue and <= sbyte.MaxValue => new Parsed(Schema.Int8, (sbyte)integral),
                >= short.MinValue and <= short.MaxValue => new Parsed(Schema.Int16, (short)integral),
                >= int.MinValue and <= int.MaxValue => new Parsed(Schema.Int32, (int)integral),
                _ => new Parsed(Schema.Int64, integral),
            };
            return true;
        }

        if (scale != 0)
        {
            var single = float.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (float.IsFinite(single))
            {
                parsed = new Parsed(Schema.Float32, single);
                return true;
            }

            var wide = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsFinite(wide))
            {
                parsed = new Parsed(Schema.Float64, wide);
                return true;
            }
        }

        try
        {
            parsed = new Parsed(ConnectDecimal.Schema(scale), ConnectDecimal.FromUnscaled(unscaled, scale));
            return true;
        }
        catch (DataException)
        {
            return false;
        }
    }

    // Whether unscaled × 10^-scale is a whole number that fits a long (Kafka then picks the smallest integer type).
    private static bool TryGetIntegral(BigInteger unscaled, int scale, out long integral)
    {
        integral = 0;
        if (unscaled.IsZero)
        {
            return true;
        }

        BigInteger whole;
        if (scale <= 0)
        {
            if (-(long)scale > 19)
            {
                return false;
            }

            whole = unscaled * BigInteger.Pow(10, -scale);
        }
        else
        {
            var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
            if (digits.Length - digits.TrimEnd('0').Length < scale)
            {
                return false;
            }

            whole = unscaled / BigInteger.Pow(10, scale);
        }

        if (whole < long.MinValue || whole > long.MaxValue)
        {
            return false;
        }

        integral = (long)whole;
        return true;
    }

    private bool AtEndIgnoringWhitespace()
    {
        while (_position < _text.Length && _text[_position] <= ' ')
        {
            _position++;
        }

        return _position == _text.Length;
    }

    private bool TryParseValue(out Parsed parsed)
    {
        parsed = default;
        if (TryConsume("\""))
        {
            return TryParseQuoted(out parsed);
        }

        if (TryConsume("null"))
        {
            parsed = Parsed.NullLiteral;
            return true;
        }

        if (TryConsume("true"))
        {
            parsed = new Parsed(Schema.Boolean, true);
            return true;
        }

        if (TryConsume("false"))
        {
            parsed = new Parsed(Schema.Boolean, false);
            return true;
        }

        if (TryConsume("["))
        {
            return TryParseArray(out parsed);
        }

        if (TryConsume("{"))
        {
            return TryParseMap(out parsed);
        }

        if (AtEndIgnoringWhitespace())
        {
            return false;
        }

        var token = JavaTrim(NextToken());
        if (token.Length == 0 || Delimiters.Contains(token[0], StringComparison.Ordinal))
        {
            return false;
        }

        if (char.IsAsciiDigit(token[0]))
        {
            // A time or timestamp is split at its colons: try the token with the four tokens after it.
            var mark = _position;
            var complete = true;
            for (var i = 0; i < 4 && complete; i++)
            {
                complete = _position < _text.Length;
                if (complete)
                {
                    NextToken();
                }
            }

            if (complete && TryParseTemporal(token + _text[mark.._position], out parsed))
            {
                return true;
            }

            _position = mark;
            if (TryParseTemporal(token, out parsed))
            {
                return true;
            }
        }

        return (char.IsAsciiDigit(token[0]) || token[0] is '+' or '-') && TryParseNumber(token, out parsed);
    }

    private bool TryParseQuoted(out Parsed parsed)
    {
        parsed = default;
        var content = new System.Text.StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                var text = content.ToString();
                parsed = TryParseTemporal(text, out var temporal) ? temporal : new Parsed(Schema.String, text);
                return true;
            }

            if (c == '\\' && _position < _text.Length)
            {
                var escaped = _text[_position++];
                if (escaped is not ('"' or '\\'))
                {
                    content.Append('\\');
                }

                content.Append(escaped);
                continue;
            }

            content.Append(c);
        }

        return false;
    }

    private bool TryParseArray(out Parsed parsed)
    {
        parsed = default;
        var elements = new List<Parsed>();
        var elementSchema = new SchemaMerger();
        while (_position < _text.Length)
        {
            if (TryConsume("]"))
            {
                return TryFinishArray(elements, elementSchema, out parsed);
            }

            if (TryConsume(",") || !TryParseValue(out var element))
            {
                return false;
            }

            elementSchema.Merge(element.Schema, element.Value);
            elements.Add(element);
            var mark = _position;
            if (TryConsume("]"))
            {
                _position = mark;
            }
            else if (!TryConsume(","))
            {
                return false;
            }
        }

        return false;
    }

    private static bool TryFinishArray(List<Parsed> elements, SchemaMerger elementSchema, out Parsed parsed)
    {
        parsed = default;
        var values = new List<object?>(elements.Count);
        if (elementSchema.Common is not { } common)
        {
            values.AddRange(elements.Select(e => e.Value));
            parsed = new Parsed(null, values);
            return true;
        }

        foreach (var element in elements)
        {
            if (element.Value is null)
            {
                return false;
            }

            values.Add(SchemaMerger.Align(common, element.Value));
        }

        parsed = new Parsed(SchemaBuilder.Array(common).Build(), values);
        return true;
    }

    private bool TryParseMap(out Parsed parsed)
    {
        parsed = default;
        var entries = new List<(Parsed Key, Parsed Value)>();
        var keySchema = new SchemaMerger();
        var valueSchema = new SchemaMerger();
        while (_position < _text.Length)
        {
            if (TryConsume("}"))
            {
                return TryFinishMap(entries, keySchema, valueSchema, out parsed);
            }

            if (TryConsume(",")
                || !TryParseValue(out var key) || key.Value is null
                || !TryConsume(":")
                || !TryParseValue(out var value))
            {
                return false;
            }

            entries.Add((key, value));
            TryConsume(",");
            keySchema.Merge(key.Schema, key.Value);
            valueSchema.Merge(value.Schema, value.Value);
        }

        return false;
    }

    private static bool TryFinishMap(List<(Parsed Key, Parsed Value)> entries, SchemaMerger keySchema, SchemaMerger valueSchema, out Parsed parsed)
    {
        parsed = default;
        var keys = keySchema.Common;
        var values = keys is null ? null : valueSchema.Common;
        if (keys is { Type: SchemaType.String, Name: null })
        {
            var byString = new Dictionary<string, object?>(entries.Count, StringComparer.Ordinal);
            foreach (var (key, value) in entries)
            {
                if (!TryAlign(values, value, out var aligned))
                {
                    return false;
                }

                byString[(string)key.Value!] = aligned;
            }

            parsed = new Parsed(values is null ? null : SchemaBuilder.Map(keys, values).Build(), byString);
            return true;
        }

        var map = new Dictionary<object, object?>(entries.Count);
        foreach (var (key, value) in entries)
        {
            if (!TryAlign(values, value, out var aligned))
            {
                return false;
            }

            map[keys is null ? key.Value! : SchemaMerger.Align(keys, key.Value!)] = aligned;
        }

        parsed = new Parsed(keys is null || values is null ? null : SchemaBuilder.Map(keys, values).Build(), map);
        return true;
    }

    private static bool TryAlign(Schema? schema, Parsed parsed, out object? aligned)
    {
        aligned = parsed.Value;
        if (schema is null)
        {
            return true;
        }

        if (parsed.Value is null)
        {
            return false;
        }

        aligned = SchemaMerger.Align(schema, parsed.Value);
        return true;
    }

    // Kafka's tokens: a delimiter character on its own, or the run of characters up to the next unescaped delimiter
    // (a backslash escapes the character after it).
    private string NextToken()
    {
        var start = _position;
        if (Delimiters.Contains(_text[_position], StringComparison.Ordinal))
        {
            _position++;
            return _text[start.._position];
        }

        var escaped = false;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '\\')
            {
                escaped = !escaped;
            }
            else if (!escaped && Delimiters.Contains(c, StringComparison.Ordinal))
            {
                break;
            }
            else
            {
                escaped = false;
            }

            _position++;
        }

        return _text[start.._position];
    }

    // Consumes the next non-blank token when it is <paramref name="expected"/> (ignoring the whitespace around it).
    private bool TryConsume(string expected)
    {
        var mark = _position;
        while (_position < _text.Length)
        {
            var token = NextToken();
            var trimmed = JavaTrim(token);
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed == expected)
            {
                return true;
            }

            break;
        }

        _position = mark;
        return false;
    }

    private readonly record struct Parsed(Schema? Schema, object? Value)
    {
        public static Parsed NullLiteral => default;
    }
}
