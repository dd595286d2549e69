using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Schemas.Headers;

/// <summary>
/// Finds the schema shared by the elements of a parsed header array (or the keys or values of a map), as Kafka
/// Connect's <c>Values</c> does: equal schemas are shared, plain numeric types widen (int8 &lt; int16 &lt; int32 &lt;
/// int64 &lt; float32 &lt; float64), null elements do not count, and anything else has no common schema.
/// </summary>
internal sealed class SchemaMerger
{
    private bool _compatible = true;

    /// <summary>The common schema so far, or null when there is none (no typed element yet, or conflicting ones).</summary>
    public Schema? Common { get; private set; }

    /// <summary>Converts a numeric <paramref name="value"/> to the (wider) numeric type of <paramref name="schema"/>.</summary>
    public static object Align(Schema schema, object value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!IsPlainNumber(schema))
        {
            return value;
        }

        // Each arm boxed on its own: a switch over mixed numeric types would otherwise widen all of them to double.
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return schema.Type switch
        {
            SchemaType.Int8 => (object)Convert.ToSByte(value, culture),
            SchemaType.Int16 => (object)Convert.ToInt16(value, culture),
            SchemaType.Int32 => (object)Convert.ToInt32(value, culture),
            SchemaType.Int64 => (object)Convert.ToInt64(value, culture),
            SchemaType.Float32 => (object)Convert.ToSingle(value, culture),
            _ => (object)Convert.ToDouble(value, culture),
        };
    }

    public void Merge(Schema? schema, object? value)
    {
        if (value is null || !_compatible)
        {
            return;
        }

        // A value without a schema (an empty or mixed array inside this one) leaves no common schema.
        Common = schema is null ? null : Common is null ? schema : Widen(Common, schema);
        _compatible = Common is not null;
    }

    private static Schema? Widen(Schema previous, Schema next)
    {
        if (previous.Equals(next))
        {
            return previous;
        }

        return IsPlainNumber(previous) && IsPlainNumber(next) ? (next.Type > previous.Type ? next : previous) : null;
    }

    private static bool IsPlainNumber(Schema schema) => schema.Name is null && schema.Type <= SchemaType.Float64;
}
