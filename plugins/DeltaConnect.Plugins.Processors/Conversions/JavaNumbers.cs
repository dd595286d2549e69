using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Processors.Conversions;

/// <summary>
/// Java's <c>Number.byteValue()</c>, <c>intValue()</c>, ... on .NET numbers, as Kafka Connect's Cast uses them:
/// integers and decimals keep their low-order bits (wrapping), floating-point numbers saturate at the target range
/// (at the int range for int8 and int16, then wrap) and NaN becomes 0. Decimals drop their fraction first.
/// </summary>
internal static class JavaNumbers
{
    public static bool IsNumber(object value) => value is sbyte or short or int or long or float or double or decimal;

    public static sbyte ToInt8(object number) => unchecked((sbyte)ToInt32(number));

    public static short ToInt16(object number) => unchecked((short)ToInt32(number));

    public static int ToInt32(object number) => number switch
    {
        float f => SaturatingInt32(f),
        double d => SaturatingInt32(d),
        _ => unchecked((int)IntegerBits(number)),
    };

    public static long ToInt64(object number) => number switch
    {
        float f => SaturatingInt64(f),
        double d => SaturatingInt64(d),
        _ => IntegerBits(number),
    };

    public static float ToFloat32(object number) => number switch
    {
        float f => f,
        double d => (float)d,
        decimal m => (float)m,
        _ => IntegerBits(number),
    };

    public static double ToFloat64(object number) => number switch
    {
        float f => f,
        double d => d,
        decimal m => (double)m,
        _ => IntegerBits(number),
    };

    private static long IntegerBits(object number) => number switch
    {
        sbyte b => b,
        short s => s,
        int i => i,
        long l => l,
        decimal m => unchecked((long)(Int128)decimal.Truncate(m)),
        _ => throw new DataException($"{number.GetType().FullName} is not a number."),
    };

    private static int SaturatingInt32(double value) =>
        double.IsNaN(value) ? 0 : value >= int.MaxValue ? int.MaxValue : value <= int.MinValue ? int.MinValue : (int)value;

    private static long SaturatingInt64(double value) =>
        double.IsNaN(value) ? 0 : value >= long.MaxValue ? long.MaxValue : value <= long.MinValue ? long.MinValue : (long)value;
}
