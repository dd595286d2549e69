using System.Collections;
using System.Text;
using DeltaConnect.Schemas.Text;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Schemas.Headers;

/// <summary>
/// Header values as text, as Kafka Connect's <c>Values.convertToString</c> writes them for SimpleHeaderConverter:
/// a top-level string as it is; numbers and booleans as Java prints them; bytes as base64; arrays as
/// <c>[1,2,"x"]</c>; maps as <c>{"k":1}</c> (keys written like values); structs as <c>{"field":value,...}</c>
/// with defaults applied; strings inside arrays, maps and structs quoted with <c>\</c> and <c>"</c> escaped; dates,
/// times and timestamps in ISO-8601 (UTC), unquoted even inside containers. <see cref="HeaderValueParser"/> reads
/// this text back.
/// </summary>
internal static class HeaderValueText
{
    /// <exception cref="DataException">For a value of a type that has no text form.</exception>
    public static string Format(Schema? schema, object value)
    {
        var text = new StringBuilder();
        Append(text, schema, value, embedded: false);
        return text.ToString();
    }

    private static void Append(StringBuilder text, Schema? schema, object? value, bool embedded)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s when embedded:
                text.Append('"').Append(Escape(s)).Append('"');
                break;
            case byte[] or ReadOnlyMemory<byte> when embedded:
                text.Append('"');
                JavaObjectText.TryAppendScalar(text, schema, value);
                text.Append('"');
                break;
            case Struct structValue:
                text.Append('{');
                var first = true;
                foreach (var field in structValue.Schema.Fields)
                {
                    text.Append(first ? "" : ",");
                    Append(text, null, field.Name, embedded: true);
                    text.Append(':');
                    Append(text, field.Schema, structValue.Get(field), embedded: true);
                    first = false;
                }

                text.Append('}');
                break;
            case IDictionary map:
                text.Append('{');
                var entries = map.GetEnumerator();
                var firstEntry = true;
                while (entries.MoveNext())
                {
                    text.Append(firstEntry ? "" : ",");
                    Append(text, schema?.KeySchema, entries.Key, embedded: true);
                    text.Append(':');
                    Append(text, schema?.ValueSchema, entries.Value, embedded: true);
                    firstEntry = false;
                }

                text.Append('}');
                break;
            case not (byte[] or string) when value is IList list:
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Append(text, schema?.ValueSchema, list[i], embedded: true);
                }

                text.Append(']');
                break;
            default:
                if (!JavaObjectText.TryAppendScalar(text, schema, value))
                {
                    throw new DataException($"Failed to serialize unexpected value type {value.GetType()}: {value}");
                }

                break;
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
