using DeltaConnect.Runtime.Isolation;

namespace DeltaConnect.Runtime.Tests.Isolation;

public sealed class PluginVersionComparerTests
{
    [Theory]
    [InlineData("1.10.0", "1.9.2")]
    [InlineData("2.0.0", "2.0.0-rc1")]
    [InlineData("2.0.0-rc.10", "2.0.0-rc.9")]
    [InlineData("2.0.0-beta", "2.0.0-alpha.5")]
    [InlineData("1.0.1", "1.0")]
    [InlineData("0.0.1", "unknown")]
    public void Higher_versions_sort_above_lower_ones(string higher, string lower)
    {
        Assert.True(PluginVersionComparer.Instance.Compare(higher, lower) > 0);
        Assert.True(PluginVersionComparer.Instance.Compare(lower, higher) < 0);
    }

    [Theory]
    [InlineData("1.0", "1.0.0")]
    [InlineData("1.2.3+abcdef", "1.2.3")]
    public void Equal_versions_compare_equal(string x, string y) =>
        Assert.Equal(0, PluginVersionComparer.Instance.Compare(x, y));
}
