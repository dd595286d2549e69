using DeltaConnect.Plugins.Processors.Predicates;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class TopicNameMatchesTests
{
    [Fact]
    public void Pattern_is_required()
    {
        Assert.Throws<ConfigException>(() => Setup.Predicate<TopicNameMatches>());
    }

    [Fact]
    public void Pattern_may_not_be_empty()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Predicate<TopicNameMatches>(("pattern", "")));

        Assert.Contains("pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pattern_must_be_a_valid_regex()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Predicate<TopicNameMatches>(("pattern", "[")));

        Assert.Contains("pattern", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my-prefix-", true)]
    [InlineData("my-prefix-foo", true)]
    [InlineData("x-my-prefix-", false)]
    [InlineData("x-my-prefix-foo", false)]
    [InlineData("your-prefix-", false)]
    [InlineData("", false)]
    public void The_whole_topic_must_match(string topic, bool expected)
    {
        var predicate = Setup.Predicate<TopicNameMatches>(("pattern", "my-prefix-.*"));

        Assert.Equal(expected, predicate.Test(Source(null, "value", topic: topic)));
    }

    [Fact]
    public void Alternation_is_anchored_as_a_whole()
    {
        var predicate = Setup.Predicate<TopicNameMatches>(("pattern", "a|b"));

        Assert.True(predicate.Test(Sink(null, null, topic: "b")));
        Assert.False(predicate.Test(Sink(null, null, topic: "ab")));
    }
}
