using System.Numerics;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Tests;

public sealed class LogicalTypeTests
{
    [Theory]
    [InlineData("12.34", 2, "1234")]
    [InlineData("-12.34", 2, "-1234")]
    [InlineData("1.5", 2, "150")]
    [InlineData("1.005", 2, "101")]
    [InlineData("-1.005", 2, "-101")]
    [InlineData("0", 3, "0")]
    [InlineData("79228162514264337593543950335", 0, "79228162514264337593543950335")]
    public void Decimal_unscaled_values_are_exact_and_round_half_away_from_zero(string value, int scale, string unscaled)
    {
        var schema = ConnectDecimal.Schema(scale);
        var bytes = ConnectDecimal.FromLogical(schema, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(BigInteger.Parse(unscaled, System.Globalization.CultureInfo.InvariantCulture), new BigInteger(bytes, isUnsigned: false, isBigEndian: true));
    }

    [Fact]
    public void Decimals_keep_their_scale_through_bytes()
    {
        var schema = ConnectDecimal.Schema(2);
        var value = ConnectDecimal.ToLogical(schema, ConnectDecimal.FromLogical(schema, 1.5m));
        Assert.Equal("1.50", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Large_decimals_at_a_high_scale_do_not_overflow_while_encoding()
    {
        var schema = ConnectDecimal.Schema(10);
        var bytes = ConnectDecimal.FromLogical(schema, 1e20m);
        Assert.Equal(BigInteger.Pow(10, 30), new BigInteger(bytes, isUnsigned: false, isBigEndian: true));
    }

    [Fact]
    public void Decimals_beyond_the_dotnet_range_fail_with_a_data_exception()
    {
        var schema = ConnectDecimal.Schema(0);
        var huge = BigInteger.Pow(10, 40).ToByteArray(isUnsigned: false, isBigEndian: true);
        var error = Assert.Throws<DataException>(() => ConnectDecimal.ToLogical(schema, huge));
        Assert.Contains("does not fit a .NET decimal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_times_and_timestamps_round_trip_through_their_integers()
    {
        Assert.Equal(0, ConnectDate.FromLogical(new DateOnly(1970, 1, 1)));
        Assert.Equal(-1, ConnectDate.FromLogical(new DateOnly(1969, 12, 31)));
        Assert.Equal(new DateOnly(2026, 11, 23), ConnectDate.ToLogical(ConnectDate.FromLogical(new DateOnly(2026, 11, 23))));
        Assert.Equal(3_723_004, ConnectTime.FromLogical(new TimeOnly(1, 2, 3, 4)));
        Assert.Equal(new TimeOnly(1, 2, 3, 4), ConnectTime.ToLogical(3_723_004));
        var instant = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(instant, ConnectTimestamp.ToLogical(ConnectTimestamp.FromLogical(instant)));
    }
}
