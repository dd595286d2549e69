using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Text;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Iceberg.Schema;

/// <summary>
/// Iceberg primitive values in one canonical in-memory form (int, long, float, double, bool, string, byte[], and
/// <see cref="BigInteger"/> unscaled decimals; dates as days, times and timestamps as microseconds), converted from
/// Connect values, ordered as Iceberg orders them, and serialized with the spec's single-value binary form (Appendix D).
/// </summary>
internal static class IcebergValues
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    public static object FromConnect(PrimitiveType type, object value, string path)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            return type.Kind switch
            {
                PrimitiveKind.Boolean => (bool)value,
                PrimitiveKind.Int => value switch
                {
                    sbyte b => (int)b,
                    short s => (int)s,
                    _ => (int)value,
                },
                // int and float values are written to columns widened to long and double by schema evolution.
                PrimitiveKind.Long => value switch
                {
                    int i => i,
                    short s => s,
                    sbyte b => b,
                    _ => (long)value,
                },
                PrimitiveKind.Float => (float)value,
                PrimitiveKind.Double => value switch
                {
                    float f => f,
                    _ => (double)value,
                },
                PrimitiveKind.String => (string)value,
                PrimitiveKind.Binary => value switch
                {
                    ReadOnlyMemory<byte> memory => memory.ToArray(),
                    _ => (byte[])value,
                },
                PrimitiveKind.Decimal => value switch
                {
                    decimal d => CheckPrecision(type, ConnectDecimal.UnscaledValue(d, type.Scale), path),
                    _ => CheckPrecision(type, new BigInteger((byte[])value, isUnsigned: false, isBigEndian: true), path),
                },
                PrimitiveKind.Date => value switch
                {
                    DateOnly date => ConnectDate.FromLogical(date),
                    _ => (int)value,
                },
                PrimitiveKind.Time => value switch
                {
                    TimeOnly time => time.Ticks / 10,
                    _ => (int)value * 1000L,
                },
                PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz => value switch
                {
                    DateTimeOffset ts => TimestampMicros(ts),
                    DateTime dt => (dt.Ticks - UnixEpochTicks) / 10,
                    _ => (long)value * 1000L,
                },
                _ => throw new NotSupportedException($"Iceberg type {type.Name} is not supported."),
            };
        }
        catch (InvalidCastException)
        {
            throw new DataException($"Field '{path}': a {value.GetType().Name} cannot be written as Iceberg {type.Name}.");
        }
    }

    /// <summary>A timestamp as Iceberg stores it: microseconds since the Unix epoch (UTC).</summary>
    public static long TimestampMicros(DateTimeOffset timestamp) => (timestamp.UtcTicks - UnixEpochTicks) / 10;

    /// <summary>Orders two canonical values of one type as Iceberg does (strings and binary by unsigned bytes).</summary>
    public static int Compare(PrimitiveType type, object a, object b) => type.Kind switch
    {
        PrimitiveKind.Boolean => ((bool)a).CompareTo((bool)b),
        PrimitiveKind.Int or PrimitiveKind.Date => ((int)a).CompareTo((int)b),
        PrimitiveKind.Long or PrimitiveKind.Time or PrimitiveKind.Timestamp or PrimitiveKind.Timestamptz => ((long)a).CompareTo((long)b),
        // IEEE 754 totalOrder for bounds: -0.0 sorts before +0.0 (CompareTo calls them equal).
        PrimitiveKind.Float => ((float)a).CompareTo((float)b) is var f && f != 0 ? f : float.IsNegative((float)b).CompareTo(float.IsNegative((float)a)),
        PrimitiveKind.Double => ((double)a).CompareTo((double)b) is var d && d != 0 ? d : double.IsNegative((double)b).CompareTo(double.IsNegative((double)a)),
        PrimitiveKind.Decimal => ((BigInteger)a).CompareTo((BigInteger)b),
        PrimitiveKind.String => CompareUtf8((string)a, (string)b),
        PrimitiveKind.Binary => ((byte[])a).AsSpan().SequenceCompareTo((byte[])b),
        _ => throw new NotSupportedException($"Iceberg type {type.Name} is not supported."),
    };

    /// <summary>The single-value binary serialization of a canonical value (spec Appendix D), used for bounds.</summary>
    public static byte[] Serialize(PrimitiveType type, object value)
    {
        ArgumentNullException.ThrowIfNull(type);
        switch (type.Kind)
        {
            case PrimitiveKind.Boolean:
                return [(bool)value ? (byte)1 : (byte)0];
            case PrimitiveKind.Int:
            case PrimitiveKind.Date:
                var i = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(i, (int)value);
                return i;
            case PrimitiveKind.Long:
            case PrimitiveKind.Time:
            case PrimitiveKind.Timestamp:
            case PrimitiveKind.Timestamptz:
                var l = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(l, (long)value);
                return l;
            case PrimitiveKind.Float:
                var f = new byte[4];
                BinaryPrimitives.WriteSingleLittleEndian(f, (float)value);
                return f;
            case PrimitiveKind.Double:
                var d = new byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(d, (double)value);
                return d;
            case PrimitiveKind.String:
                return Encoding.UTF8.GetBytes((string)value);
            case PrimitiveKind.Binary:
                return (byte[])((byte[])value).Clone();
            case PrimitiveKind.Decimal:
                return ((BigInteger)value).ToByteArray(isUnsigned: false, isBigEndian: true);
            default:
                throw new NotSupportedException($"Iceberg type {type.Name} is not supported.");
        }
    }

    /// <summary>Whether a canonical value is a float or double NaN (counted separately, never a bound).</summary>
    /// <summary>
    /// Compares strings in the order of their UTF-8 bytes (the spec's order for string bounds) without encoding them:
    /// UTF-16 code units order like UTF-8 bytes except that surrogates (U+D800-DFFF, i.e. code points above U+FFFF) must
    /// sort after U+E000-FFFF, so units from U+D800 up are rotated before comparing.
    /// </summary>
    public static int CompareUtf8(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return Utf8Rank(a[i]).CompareTo(Utf8Rank(b[i]));
            }
        }

        return a.Length.CompareTo(b.Length);

        static int Utf8Rank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    public static bool IsNaN(object value) => value switch
    {
        float f => float.IsNaN(f),
        double d => double.IsNaN(d),
        _ => false,
    };

    private static BigInteger CheckPrecision(PrimitiveType type, BigInteger unscaled, string path) =>
        BigInteger.Abs(unscaled) < BigInteger.Pow(10, type.Precision)
            ? unscaled
            : throw new DataException($"Field '{path}': decimal value {unscaled}E-{type.Scale} does not fit {type.Name}.");
}
