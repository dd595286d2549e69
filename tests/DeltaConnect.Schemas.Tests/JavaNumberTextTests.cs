using DeltaConnect.Sdk.Data;
using System.Globalization;
using System.Numerics;
using DeltaConnect.Schemas.Text;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Schemas.Tests;

public sealed class JavaNumberTextTests
{
    [Theory]
    [InlineData("10.2345", "102345", 4)]
    [InlineData("-1.50", "-150", 2)]
    [InlineData("1E-7", "1", 7)]
    [InlineData("1.000E-7", "1000", 10)]
    [InlineData("1.2E+3", "12", -2)]
    [InlineData("0E-8", "0", 8)]
    [InlineData("+.5", "5", 1)]
    [InlineData("5.", "5", 0)]
    [InlineData("0012", "12", 0)]
    public void Big_decimal_text_parses_into_unscaled_value_and_scale_and_formats_back(string text, string unscaled, int scale)
    {
        Assert.True(JavaNumberText.TryParseBigDecimal(text, out var parsedUnscaled, out var parsedScale));
        Assert.Equal(BigInteger.Parse(unscaled, CultureInfo.InvariantCulture), parsedUnscaled);
        Assert.Equal(scale, parsedScale);
    }

    [Theory]
    [InlineData("102345", 4, "10.2345")]
    [InlineData("-150", 2, "-1.50")]
    [InlineData("1", 7, "1E-7")]
    [InlineData("1", 6, "0.000001")]
    [InlineData("12", -2, "1.2E+3")]
    [InlineData("0", 8, "0E-8")]
    [InlineData("0", 2, "0.00")]
    [InlineData("-5", -1, "-5E+1")]
    [InlineData("123", 0, "123")]
    public void Big_decimal_is_formatted_as_java_big_decimal_to_string(string unscaled, int scale, string expected)
    {
        Assert.Equal(expected, JavaNumberText.FormatBigDecimal(BigInteger.Parse(unscaled, CultureInfo.InvariantCulture), scale));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1.5f")]
    [InlineData("1e99999999999")]
    [InlineData("0x10")]
    public void Text_that_java_big_decimal_rejects_does_not_parse(string text)
    {
        Assert.False(JavaNumberText.TryParseBigDecimal(text, out _, out _));
    }

    [Theory]
    [InlineData("12345.67", 2, "1234567")]
    [InlineData("0.25", 1, "3")]
    [InlineData("-0.25", 1, "-3")]
    [InlineData("1.5", 3, "1500")]
    [InlineData("1200", -2, "12")]
    [InlineData("79228162514264337593543950335", 10, "792281625142643375935439503350000000000")]
    public void Decimal_is_unscaled_at_a_scale_without_overflow_rounding_half_away_from_zero(string value, int scale, string expected)
    {
        Assert.Equal(BigInteger.Parse(expected, CultureInfo.InvariantCulture), ConnectDecimal.UnscaledValue(decimal.Parse(value, CultureInfo.InvariantCulture), scale));
    }

    [Theory]
    [InlineData("150", 2, "1.50")]
    [InlineData("-79228162514264337593543950335", 0, "-79228162514264337593543950335")]
    [InlineData("1", 28, "0.0000000000000000000000000001")]
    [InlineData("12", -2, "1200")]
    [InlineData("10000000000000000000000000000000", 30, "10.000000000000000000000000000")]
    public void Unscaled_value_converts_to_an_exact_decimal(string unscaled, int scale, string expected)
    {
        var value = ConnectDecimal.FromUnscaled(BigInteger.Parse(unscaled, CultureInfo.InvariantCulture), scale);

        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("79228162514264337593543950336", 0)]
    [InlineData("1", 29)]
    [InlineData("1", -29)]
    public void Unscaled_value_without_an_exact_decimal_is_a_data_error(string unscaled, int scale)
    {
        Assert.Throws<DataException>(() => ConnectDecimal.FromUnscaled(BigInteger.Parse(unscaled, CultureInfo.InvariantCulture), scale));
    }

    [Fact]
    public void Double_formatting_round_trips_for_many_values()
    {
        var random = new Random(20240501);
        for (var i = 0; i < 20_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            var text = JavaNumberText.Format(value);
            Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
            Assert.Contains(".", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Float_formatting_round_trips_for_many_values()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var value = BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next() << 1));
            if (!float.IsFinite(value))
            {
                continue;
            }

            Assert.Equal(value, float.Parse(JavaNumberText.Format(value), CultureInfo.InvariantCulture));
        }
    }
}
