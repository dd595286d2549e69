using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Schemas.Text;

/// <summary>
/// Values as text the way Java's <c>toString()</c> renders them (what Kafka Connect's StringConverter writes):
/// <c>true</c>, <c>1.0E10</c>, <c>[a, b]</c>, <c>{k=v}</c>, <c>Struct{id=1,name=x}</c>. Where Java's text is of no use
/// (a byte array prints as <c>[B@1b6d3586</c>, a date in the JVM's zone), this writes what Kafka Connect's header
/// converter writes instead: base64 for bytes, ISO-8601 in UTC for dates, times and timestamps.
/// </summary>
internal static class JavaObjectText
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH:mm:ss.fff'Z'";
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The text of <paramref name="value"/>, whose schema (when known) gives decimals their scale.</summary>
    public static string Format(Schema? schema, object? value)
    {
        if (value is string plain)
        {
            return plain; // the common case (a string converter of text records): no copy
        }

        var text = new StringBuilder();
        Append(text, schema, value);
        return text.ToString();
    }

    /// <summary>
    /// Appends a single (non-container) value: a string as it is, a number, a boolean, bytes, a date, a time or a
    /// timestamp; false for anything else. Decimals use the scale of <paramref name="schema"/> when it is a Decimal
    /// schema (a Java BigDecimal carries that scale), else their own.
    /// </summary>
    public static bool TryAppendScalar(StringBuilder text, Schema? schema, object value)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (value)
        {
            case string s:
                text.Append(s);
                return true;
            case bool b:
                text.Append(b ? "true" : "false");
                return true;
            case float f:
                text.Append(JavaNumberText.Format(f));
                return true;
            case double d:
                text.Append(JavaNumberText.Format(d));
                return true;
            case decimal m:
                var scale = schema is { Name: ConnectDecimal.LogicalName, Type: SchemaType.Bytes } ? ConnectDecimal.Scale(schema) : m.Scale;
                text.Append(JavaNumberText.FormatBigDecimal(ConnectDecimal.UnscaledValue(m, scale), scale));
                return true;
            case sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger or Int128 or UInt128:
                text.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                return true;
            case byte[] bytes:
                text.Append(Convert.ToBase64String(bytes));
                return true;
            case ReadOnlyMemory<byte> memory:
                text.Append(Convert.ToBase64String(memory.Span));
                return true;
            case DateOnly date:
                text.Append(date.ToString(DateFormat, CultureInfo.InvariantCulture));
                return true;
            case TimeOnly time:
                text.Append(time.ToString(TimeFormat, CultureInfo.InvariantCulture));
                return true;
            case DateTimeOffset timestamp:
                text.Append(timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
                return true;
            default:
                return false;
        }
    }

    private static void Append(StringBuilder text, Schema? schema, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case Struct structValue:
                // Kafka's Struct.toString: the fields that are set, in order, without spaces.
                text.Append("Struct{");
                var first = true;
                foreach (var field in structValue.Schema.Fields)
                {
                    if (structValue.GetWithoutDefault(field.Name) is { } fieldValue)
                    {
                        text.Append(first ? "" : ",").Append(field.Name).Append('=');
                        Append(text, field.Schema, fieldValue);
                        first = false;
                    }
                }

                text.Append('}');
                break;
            case IDictionary map:
                // java.util.AbstractMap.toString
                text.Append('{');
                var entries = map.GetEnumerator();
                var firstEntry = true;
                while (entries.MoveNext())
                {
                    text.Append(firstEntry ? "" : ", ");
                    Append(text, schema?.KeySchema, entries.Key);
                    text.Append('=');
                    Append(text, schema?.ValueSchema, entries.Value);
                    firstEntry = false;
                }

                text.Append('}');
                break;
            case not (byte[] or string) when value is IList list:
                // java.util.AbstractCollection.toString
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Append(text, schema?.ValueSchema, list[i]);
                }

                text.Append(']');
                break;
            default:
                if (!TryAppendScalar(text, schema, value))
                {
                    text.Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString());
                }

                break;
        }
    }
}
