using DeltaConnect.Plugins.Processors.Conversions;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class JavaTextTests
{
    [Theory]
    [InlineData(42.0, "42.0")]
    [InlineData(-64.0, "-64.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(1.5e-5, "1.5E-5")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(12345678.9, "1.23456789E7")]
    [InlineData(9.223372036854776E18, "9.223372036854776E18")]
    [InlineData(double.MaxValue, "1.7976931348623157E308")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Doubles_print_like_javas_double_to_string(double value, string expected)
    {
        Assert.Equal(expected, JavaText.Double(value));
    }

    [Theory]
    [InlineData(32f, "32.0")]
    [InlineData(0.1f, "0.1")]
    [InlineData(1e10f, "1.0E10")]
    [InlineData(-3.25f, "-3.25")]
    public void Floats_print_like_javas_float_to_string(float value, string expected)
    {
        Assert.Equal(expected, JavaText.Float(value));
    }
}
