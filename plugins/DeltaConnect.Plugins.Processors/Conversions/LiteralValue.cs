using System.Globalization;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Processors.Conversions;

/// <summary>
/// Infers a schema and value from configured text, as Kafka Connect's <c>Values.parseString</c> does for scalars:
/// <c>null</c> is null; <c>true</c> and <c>false</c> are booleans; ISO-8601 dates (<c>2024-01-31</c>), times
/// (<c>12:30:00.000Z</c>) and timestamps (<c>2024-01-31T12:30:00.000Z</c>) are Date, Time and Timestamp; whole
/// numbers are the smallest of int8, int16, int32, int64 that holds them (larger ones a Decimal); other numbers are
/// float32 when finite as one, else float64; everything else, including array and map literals, is a string.
/// </summary>
internal static class LiteralValue
{
    public static SchemaAndValue Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var token = text.Trim();
        switch (token)
        {
            case "":
                return new SchemaAndValue(Schema.String, text);
            case "null":
                return SchemaAndValue.Null;
            case "true":
                return new SchemaAndValue(Schema.Boolean, true);
            case "false":
                return new SchemaAndValue(Schema.Boolean, false);
        }

        if (char.IsAsciiDigit(token[0]))
        {
            if (IsoTemporal.TryParseTimestamp(token, out var timestamp))
            {
                return new SchemaAndValue(ConnectTimestamp.Schema, timestamp);
            }

            if (IsoTemporal.TryParseDate(token, out var date))
            {
                return new SchemaAndValue(ConnectDate.Schema, date);
            }

            if (IsoTemporal.TryParseTime(token, out var time))
            {
                return new SchemaAndValue(ConnectTime.Schema, time);
            }
        }

        if ((char.IsAsciiDigit(token[0]) || token[0] is '+' or '-') && ParseNumber(token) is { } number)
        {
            return number;
        }

        return new SchemaAndValue(Schema.String, text);
    }

    private static SchemaAndValue? ParseNumber(string token)
    {
        // Java's BigDecimal syntax: sign, digits with an optional point, an optional exponent; nothing else.
        foreach (var c in token)
        {
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.' or 'e' or 'E'))
            {
                return null;
            }
        }

        if (!decimal.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            // Beyond decimal's range: a float32 when it fits one, else a float64.
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var large) || !double.IsFinite(large))
            {
                return null;
            }

            return float.IsFinite((float)large) ? new SchemaAndValue(Schema.Float32, (float)large) : new SchemaAndValue(Schema.Float64, large);
        }

        if (value == decimal.Truncate(value))
        {
            return value switch
            {
                >= sbyte.MinValue and <= sbyte.MaxValue => new SchemaAndValue(Schema.Int8, (sbyte)value),
                >= short.MinValue and <= short.MaxValue => new SchemaAndValue(Schema.Int16, (short)value),
                >= int.MinValue and <= int.MaxValue => new SchemaAndValue(Schema.Int32, (int)value),
                >= long.MinValue and <= long.MaxValue => new SchemaAndValue(Schema.Int64, (long)value),
                _ => new SchemaAndValue(ConnectDecimal.Schema(0), decimal.Truncate(value)),
            };
        }

        // Every decimal fits a float32's range, so fractions are float32 as in Kafka Connect (which keeps float32 while finite).
        return new SchemaAndValue(Schema.Float32, (float)value);
    }
}
