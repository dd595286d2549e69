using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class RegexRouterTests
{
    private static string Route(string regex, string replacement, string topic) =>
        Setup.Transform<RegexRouter>(("regex", regex), ("replacement", replacement)).Apply(Sink(null, "value", topic: topic))!.Topic;

    [Theory]
    [InlineData("foo", "bar", "foo", "bar")]
    [InlineData("foo", "bar", "orig", "orig")]
    [InlineData("(.*)", "$1", "orig", "orig")]
    [InlineData("(.*)", "prefix-$1", "orig", "prefix-orig")]
    [InlineData("(.*)", "$1-suffix", "orig", "orig-suffix")]
    [InlineData("(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)", "$1", "index-20160117", "index")]
    [InlineData("(?<table>[a-z]+)\\.(?<schema>[a-z]+)", "${schema}_${table}", "orders.sales", "sales_orders")]
    [InlineData("(.*)", "\\$1", "orig", "$1")]
    [InlineData("(.*)", "$10", "orig", "orig0")]
    [InlineData("a|ab", "X", "ab", "Xb")]
    public void The_topic_is_rewritten_like_javas_replace_first_when_the_whole_topic_matches(string regex, string replacement, string topic, string expected)
    {
        Assert.Equal(expected, Route(regex, replacement, topic));
    }

    [Fact]
    public void A_topic_that_only_partly_matches_is_left_alone()
    {
        Assert.Equal("orders-v2", Route("orders", "x", "orders-v2"));
    }

    [Fact]
    public void A_record_that_does_not_match_is_returned_unchanged()
    {
        var record = Source(Schema.String, "value", topic: "orig");

        Assert.Same(record, Setup.Transform<RegexRouter>(("regex", "foo"), ("replacement", "bar")).Apply(record));
    }

    [Fact]
    public void A_rerouted_sink_record_keeps_its_partition_offset_and_original_topic()
    {
        var transformed = Setup.Transform<RegexRouter>(("regex", "(.*)"), ("replacement", "dlq-$1")).Apply(Sink(null, "value", topic: "orders", partition: 4, offset: 8));

        var sink = Assert.IsType<SinkRecord>(transformed);
        Assert.Equal("dlq-orders", sink.Topic);
        Assert.Equal(4, sink.KafkaPartition);
        Assert.Equal(8, sink.KafkaOffset);
        Assert.Equal("orders", sink.OriginalTopic);
    }

    [Fact]
    public void A_rerouted_source_record_keeps_its_source_partition_and_offset()
    {
        var transformed = Assert.IsType<SourceRecord>(Setup.Transform<RegexRouter>(("regex", "topic"), ("replacement", "t2")).Apply(Source(null, "value")));

        Assert.Equal("t2", transformed.Topic);
        Assert.Same(SourceOffset, transformed.SourceOffset);
    }

    [Fact]
    public void An_invalid_regex_is_a_config_error_naming_regex()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<RegexRouter>(("regex", "(unclosed"), ("replacement", "x")));

        Assert.Contains("regex", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(.*)", "$2")]
    [InlineData("(.*)", "${missing}")]
    [InlineData("(.*)", "cost$")]
    [InlineData("(.*)", "trailing\\")]
    public void A_replacement_referring_to_a_missing_group_or_malformed_is_a_config_error(string regex, string replacement)
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<RegexRouter>(("regex", regex), ("replacement", replacement)));

        Assert.Contains("replacement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_options_are_required()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<RegexRouter>(("regex", "x")));
        Assert.Throws<ConfigException>(() => Setup.Transform<RegexRouter>(("replacement", "x")));
    }
}
