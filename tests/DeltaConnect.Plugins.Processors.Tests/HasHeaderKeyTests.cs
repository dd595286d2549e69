using DeltaConnect.Plugins.Processors.Predicates;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class HasHeaderKeyTests
{
    [Fact]
    public void Name_is_required()
    {
        Assert.Throws<ConfigException>(() => Setup.Predicate<HasHeaderKey>());
    }

    [Fact]
    public void Name_may_not_be_empty()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Predicate<HasHeaderKey>(("name", "")));

        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void True_when_at_least_one_header_has_the_name()
    {
        var predicate = Setup.Predicate<HasHeaderKey>(("name", "foo"));

        Assert.True(predicate.Test(Sink(null, null, headers: new ConnectHeaders().AddString("foo", "x"))));
        Assert.True(predicate.Test(Sink(null, null, headers: new ConnectHeaders().AddString("bar", "x").AddString("foo", "y").AddString("foo", "z"))));
        Assert.True(predicate.Test(Sink(null, null, headers: new ConnectHeaders().Add("foo", null))));
    }

    [Fact]
    public void False_when_no_header_has_the_name()
    {
        var predicate = Setup.Predicate<HasHeaderKey>(("name", "foo"));

        Assert.False(predicate.Test(Sink(null, null)));
        Assert.False(predicate.Test(Sink(null, null, headers: new ConnectHeaders().AddString("bar", "x").AddString("Foo", "y"))));
    }
}
