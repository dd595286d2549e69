using System.Globalization;

namespace DeltaConnect.Plugins.Processors.Conversions;

/// <summary>
/// Numbers and booleans printed the way Java's <c>toString</c> prints them, so a value cast to a string reads the same
/// as it does in Kafka Connect: <c>42.0</c> rather than <c>42</c>, <c>1.0E10</c> rather than <c>1E+10</c>,
/// <c>true</c> rather than <c>True</c>. (For the smallest subnormal doubles Java may print one more digit.)
/// </summary>
internal static class JavaText
{
    public static string Boolean(bool value) => value ? "true" : "false";

    /// <summary>Java's <c>Double.toString</c>: the shortest digits that round-trip, in Java's layout.</summary>
    public static string Double(double value) =>
        double.IsFinite(value) ? Layout(value.ToString("R", CultureInfo.InvariantCulture), value == 0 && double.IsNegative(value)) : NonFinite(value);

    /// <summary>Java's <c>Float.toString</c>: the shortest digits that round-trip, in Java's layout.</summary>
    public static string Float(float value) =>
        float.IsFinite(value) ? Layout(value.ToString("R", CultureInfo.InvariantCulture), value == 0 && float.IsNegative(value)) : NonFinite(value);

    private static string NonFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    // Java prints magnitudes in [1e-3, 1e7) as plain decimals with at least one fractional digit, and others as
    // d.dddE[-]n, also with at least one fractional digit.
    private static string Layout(string shortest, bool negativeZero)
    {
        var negative = shortest.StartsWith('-') || negativeZero;
        var text = shortest.TrimStart('-');
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var exponent = 0;
        if (exponentAt >= 0)
        {
            exponent = int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..exponentAt];
        }

        var pointAt = text.IndexOf('.', StringComparison.Ordinal);
        var digits = pointAt < 0 ? text : text.Remove(pointAt, 1);
        var integerDigits = (pointAt < 0 ? text.Length : pointAt) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var sign = negative ? "-" : "";
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }

        // The position of the decimal point relative to the first significant digit.
        var pointPosition = integerDigits - leadingZeros;
        var magnitude = pointPosition - 1;
        if (magnitude is >= -3 and < 7)
        {
            string plain;
            if (pointPosition <= 0)
            {
                plain = "0." + new string('0', -pointPosition) + digits;
            }
            else if (pointPosition >= digits.Length)
            {
                plain = digits + new string('0', pointPosition - digits.Length) + ".0";
            }
            else
            {
                plain = digits[..pointPosition] + "." + digits[pointPosition..];
            }

            return sign + plain;
        }

        var fraction = digits.Length > 1 ? digits[1..] : "0";
        return sign + digits[0] + "." + fraction + "E" + magnitude.ToString(CultureInfo.InvariantCulture);
    }
}
