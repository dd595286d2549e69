using System.Globalization;
using System.Numerics;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Data;

/// <summary>
/// The logical type for exact decimals (Kafka Connect's <c>org.apache.kafka.connect.data.Decimal</c>): bytes holding
/// the unscaled value as a big-endian two's-complement integer, with the scale in the <c>scale</c> parameter.
/// Values are <see cref="decimal"/>.
/// </summary>
public static class ConnectDecimal
{
    /// <summary>The schema name of the logical type.</summary>
    public const string LogicalName = "org.apache.kafka.connect.data.Decimal";

    /// <summary>The parameter holding the scale.</summary>
    public const string ScaleParameter = "scale";

    /// <summary>A builder for a decimal schema of <paramref name="scale"/>.</summary>
    public static SchemaBuilder Builder(int scale) => SchemaBuilder.Bytes().Name(LogicalName).Version(1)
        .Parameter(ScaleParameter, scale.ToString(CultureInfo.InvariantCulture));

    /// <summary>A required decimal schema of <paramref name="scale"/>.</summary>
    public static Schema Schema(int scale) => Builder(scale).Build();

    /// <summary>The scale of a decimal schema.</summary>
    public static int Scale(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Parameters.TryGetValue(ScaleParameter, out var scale) && int.TryParse(scale, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new DataException($"Decimal schema {schema.Name} has no valid '{ScaleParameter}' parameter.");
    }

    /// <summary>Encodes a value at the schema's scale (rounding half away from zero if it has more digits).</summary>
    public static byte[] FromLogical(Schema schema, decimal value)
    {
        var scale = Scale(schema);
        var unscaled = new BigInteger(Math.Round(value * Pow10(scale), 0, MidpointRounding.AwayFromZero));
        return unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
    }

    /// <summary>Decodes bytes of the schema's scale.</summary>
    public static decimal ToLogical(Schema schema, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var unscaled = new BigInteger(value, isUnsigned: false, isBigEndian: true);
        try
        {
            return (decimal)unscaled / Pow10(Scale(schema));
        }
        catch (OverflowException e)
        {
            throw new DataException($"Decimal value {unscaled}e-{Scale(schema)} does not fit a .NET decimal (28-29 significant digits).", e);
        }
    }

    private static decimal Pow10(int scale)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(scale); i++)
        {
            result *= 10;
        }

        return scale >= 0 ? result : 1 / result;
    }
}
