using System.Buffers.Binary;
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

    private const int MaxDecimalScale = 28;
    private static readonly BigInteger DecimalMantissaLimit = BigInteger.One << 96;

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
    public static byte[] FromLogical(Schema schema, decimal value) =>
        UnscaledValue(value, Scale(schema)).ToByteArray(isUnsigned: false, isBigEndian: true);

    /// <summary>Decodes bytes of the schema's scale, exactly (1.50 at scale 2 stays 1.50).</summary>
    /// <exception cref="DataException">When the value has no exact <see cref="decimal"/> representation.</exception>
    public static decimal ToLogical(Schema schema, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return FromUnscaled(new BigInteger(value, isUnsigned: false, isBigEndian: true), Scale(schema));
    }

    /// <summary>
    /// The unscaled integer of <paramref name="value"/> at <paramref name="scale"/> (1.5 at scale 2 is 150), rounding
    /// half away from zero when the value has more fractional digits. Computed on <see cref="BigInteger"/>, so it
    /// cannot overflow.
    /// </summary>
    public static BigInteger UnscaledValue(decimal value, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var unscaled = bits[3] < 0 ? -mantissa : mantissa;
        var shift = scale - value.Scale;
        if (shift >= 0)
        {
            return shift == 0 ? unscaled : unscaled * BigInteger.Pow(10, shift);
        }

        var divisor = BigInteger.Pow(10, -shift);
        var quotient = BigInteger.DivRem(BigInteger.Abs(unscaled), divisor, out var remainder);
        if (remainder * 2 >= divisor)
        {
            quotient += 1;
        }

        return unscaled.Sign < 0 ? -quotient : quotient;
    }

    /// <summary>The decimal <paramref name="unscaled"/> × 10^-<paramref name="scale"/>, exactly, keeping the scale.</summary>
    /// <exception cref="DataException">When the value has no exact <see cref="decimal"/> representation.</exception>
    public static decimal FromUnscaled(BigInteger unscaled, int scale)
    {
        if (unscaled.IsZero)
        {
            return new decimal(0, 0, 0, false, (byte)Math.Clamp(scale, 0, MaxDecimalScale));
        }

        if (scale < 0)
        {
            // A .NET decimal has at most 29 digits: anything scaled up further cannot fit.
            if (-(long)scale + BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).Length > 30)
            {
                throw DoesNotFit(unscaled, scale);
            }

            unscaled *= BigInteger.Pow(10, -scale);
            scale = 0;
        }

        // Trailing zeros carry no value: drop them while the value is too wide or too finely scaled for a decimal.
        while ((scale > MaxDecimalScale || BigInteger.Abs(unscaled) >= DecimalMantissaLimit) && scale > 0)
        {
            var quotient = BigInteger.DivRem(unscaled, 10, out var remainder);
            if (!remainder.IsZero)
            {
                break;
            }

            unscaled = quotient;
            scale--;
        }

        var magnitude = BigInteger.Abs(unscaled);
        if (scale > MaxDecimalScale || magnitude >= DecimalMantissaLimit)
        {
            throw DoesNotFit(unscaled, scale);
        }

        Span<byte> bytes = stackalloc byte[12];
        bytes.Clear();
        magnitude.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return new decimal(
            BinaryPrimitives.ReadInt32LittleEndian(bytes),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]),
            unscaled.Sign < 0,
            (byte)scale);
    }

    private static DataException DoesNotFit(BigInteger unscaled, int scale) =>
        new($"Decimal value {unscaled}E{-(long)scale} does not fit a .NET decimal (at most 28-29 significant digits and 28 decimal places).");
}
