using System.Globalization;
using System.Numerics;
using System.Text;

namespace DeltaConnect.Schemas.Text;

/// <summary>
/// Numbers written and read the way Java writes and reads them, so that text produced here is byte-for-byte what a
/// Kafka Connect worker produces: <c>Double.toString</c> and <c>Float.toString</c> (shortest digits that round-trip;
/// plain notation from 10^-3 up to 10^7, else <c>1.0E10</c> style), and <c>BigDecimal.toString</c> and
/// <c>new BigDecimal(String)</c> (an unscaled integer with a scale, scientific notation when the exponent is small).
/// </summary>
internal static class JavaNumberText
{
    /// <summary>Room for any formatted double or float.</summary>
    public const int MaxFloatingLength = 32;

    public static string Format(double value)
    {
        Span<char> buffer = stackalloc char[MaxFloatingLength];
        return new string(buffer[..Format(value, buffer)]);
    }

    public static string Format(float value)
    {
        Span<char> buffer = stackalloc char[MaxFloatingLength];
        return new string(buffer[..Format(value, buffer)]);
    }

    /// <summary>Writes <c>Double.toString(value)</c> into <paramref name="destination"/>; returns the length.</summary>
    public static int Format(double value, Span<char> destination)
    {
        if (!double.IsFinite(value))
        {
            return NonFinite(double.IsNaN(value), value > 0, destination);
        }

        Span<char> shortest = stackalloc char[MaxFloatingLength];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        if (SignificantDigits(shortest[..length]) == 1)
        {
            // Java picks the closest of the one- and two-digit decimals that round-trip (Double.MIN_VALUE: 4.9E-324).
            Span<char> twoDigits = stackalloc char[MaxFloatingLength];
            value.TryFormat(twoDigits, out var twoLength, "E1", CultureInfo.InvariantCulture);
            if (twoDigits[twoLength - 6] != '0' && double.Parse(twoDigits[..twoLength], CultureInfo.InvariantCulture) == value)
            {
                return FromShortest(twoDigits[..twoLength], destination);
            }
        }

        return FromShortest(shortest[..length], destination);
    }

    /// <summary>Writes <c>Float.toString(value)</c> into <paramref name="destination"/>; returns the length.</summary>
    public static int Format(float value, Span<char> destination)
    {
        if (!float.IsFinite(value))
        {
            return NonFinite(float.IsNaN(value), value > 0, destination);
        }

        Span<char> shortest = stackalloc char[MaxFloatingLength];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        if (SignificantDigits(shortest[..length]) == 1)
        {
            Span<char> twoDigits = stackalloc char[MaxFloatingLength];
            value.TryFormat(twoDigits, out var twoLength, "E1", CultureInfo.InvariantCulture);
            if (twoDigits[twoLength - 6] != '0' && float.Parse(twoDigits[..twoLength], CultureInfo.InvariantCulture) == value)
            {
                return FromShortest(twoDigits[..twoLength], destination);
            }
        }

        return FromShortest(shortest[..length], destination);
    }

    /// <summary><c>BigDecimal.toString()</c> of <paramref name="unscaled"/> × 10^-<paramref name="scale"/>.</summary>
    public static string FormatBigDecimal(BigInteger unscaled, int scale)
    {
        var coefficient = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var adjusted = -(long)scale + (coefficient.Length - 1);
        var text = new StringBuilder(coefficient.Length + 8);
        if (unscaled.Sign < 0)
        {
            text.Append('-');
        }

        if (scale >= 0 && adjusted >= -6)
        {
            if (scale == 0)
            {
                text.Append(coefficient);
            }
            else if (coefficient.Length > scale)
            {
                text.Append(coefficient, 0, coefficient.Length - scale).Append('.').Append(coefficient, coefficient.Length - scale, scale);
            }
            else
            {
                text.Append("0.").Append('0', scale - coefficient.Length).Append(coefficient);
            }
        }
        else
        {
            text.Append(coefficient[0]);
            if (coefficient.Length > 1)
            {
                text.Append('.').Append(coefficient, 1, coefficient.Length - 1);
            }

            text.Append('E');
            if (adjusted > 0)
            {
                text.Append('+');
            }

            text.Append(adjusted.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>
    /// Parses what <c>new BigDecimal(String)</c> accepts (ASCII digits): an optional sign, digits with an optional
    /// decimal point (at least one digit), and an optional exponent.
    /// </summary>
    public static bool TryParseBigDecimal(ReadOnlySpan<char> text, out BigInteger unscaled, out int scale)
    {
        unscaled = default;
        scale = 0;
        var position = 0;
        var negative = false;
        if (position < text.Length && (text[position] == '+' || text[position] == '-'))
        {
            negative = text[position] == '-';
            position++;
        }

        var integerStart = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        var integerDigits = text[integerStart..position];
        var fractionDigits = ReadOnlySpan<char>.Empty;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            var fractionStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            fractionDigits = text[fractionStart..position];
        }

        if (integerDigits.IsEmpty && fractionDigits.IsEmpty)
        {
            return false;
        }

        long exponent = 0;
        if (position < text.Length && (text[position] == 'e' || text[position] == 'E'))
        {
            position++;
            var exponentNegative = false;
            if (position < text.Length && (text[position] == '+' || text[position] == '-'))
            {
                exponentNegative = text[position] == '-';
                position++;
            }

            var exponentStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                exponent = (exponent * 10) + (text[position] - '0');
                if (exponent > int.MaxValue)
                {
                    return false;
                }

                position++;
            }

            if (position == exponentStart)
            {
                return false;
            }

            exponent = exponentNegative ? -exponent : exponent;
        }

        if (position != text.Length)
        {
            return false;
        }

        var computedScale = fractionDigits.Length - exponent;
        if (computedScale is > int.MaxValue or < int.MinValue)
        {
            return false;
        }

        Span<char> digits = integerDigits.Length + fractionDigits.Length <= 256
            ? stackalloc char[integerDigits.Length + fractionDigits.Length]
            : new char[integerDigits.Length + fractionDigits.Length];
        integerDigits.CopyTo(digits);
        fractionDigits.CopyTo(digits[integerDigits.Length..]);
        var magnitude = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        unscaled = negative ? -magnitude : magnitude;
        scale = (int)computedScale;
        return true;
    }

    // How many digits of a formatted number are significant (leading and trailing zeros aside).
    private static int SignificantDigits(ReadOnlySpan<char> text)
    {
        var exponentAt = text.IndexOfAny('E', 'e');
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var first = mantissa.IndexOfAnyInRange('1', '9');
        var last = mantissa.LastIndexOfAnyInRange('1', '9');
        if (first < 0)
        {
            return 0;
        }

        var count = last - first + 1;
        return mantissa[first..last].Contains('.') ? count - 1 : count;
    }

    private static int NonFinite(bool isNaN, bool positive, Span<char> destination)
    {
        var text = isNaN ? "NaN" : positive ? "Infinity" : "-Infinity";
        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>Rewrites .NET's shortest round-trip text ("1E+20", "0.0001", "-12.5") in Java's notation.</summary>
    private static int FromShortest(ReadOnlySpan<char> shortest, Span<char> destination)
    {
        var position = 0;
        if (shortest[0] == '-')
        {
            destination[position++] = '-';
            shortest = shortest[1..];
        }

        var exponentAt = shortest.IndexOfAny('E', 'e');
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var point = mantissa.IndexOf('.');
        var integerLength = point < 0 ? mantissa.Length : point;

        Span<char> digits = stackalloc char[MaxFloatingLength];
        var count = 0;
        foreach (var c in mantissa)
        {
            if (c != '.')
            {
                digits[count++] = c;
            }
        }

        var first = digits[..count].IndexOfAnyInRange('1', '9');
        if (first < 0)
        {
            "0.0".CopyTo(destination[position..]);
            return position + 3;
        }

        // The decimal exponent of the first significant digit, and the significant digits without trailing zeros.
        var scientificExponent = integerLength - 1 - first + exponent;
        ReadOnlySpan<char> significant = digits[first..count].TrimEnd('0');

        if (scientificExponent is >= -3 and < 7)
        {
            if (scientificExponent >= 0)
            {
                var integerDigits = scientificExponent + 1;
                for (var i = 0; i < integerDigits; i++)
                {
                    destination[position++] = i < significant.Length ? significant[i] : '0';
                }

                destination[position++] = '.';
                if (significant.Length > integerDigits)
                {
                    significant[integerDigits..].CopyTo(destination[position..]);
                    position += significant.Length - integerDigits;
                }
                else
                {
                    destination[position++] = '0';
                }
            }
            else
            {
                destination[position++] = '0';
                destination[position++] = '.';
                for (var i = -1; i > scientificExponent; i--)
                {
                    destination[position++] = '0';
                }

                significant.CopyTo(destination[position..]);
                position += significant.Length;
            }

            return position;
        }

        destination[position++] = significant[0];
        destination[position++] = '.';
        if (significant.Length > 1)
        {
            significant[1..].CopyTo(destination[position..]);
            position += significant.Length - 1;
        }
        else
        {
            destination[position++] = '0';
        }

        destination[position++] = 'E';
        scientificExponent.TryFormat(destination[position..], out var written, provider: CultureInfo.InvariantCulture);
        return position + written;
    }
}
