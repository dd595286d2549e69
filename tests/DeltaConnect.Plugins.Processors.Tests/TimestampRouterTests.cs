using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class TimestampRouterTests
{
    [Fact]
    public void Default_configuration_appends_the_utc_day()
    {
        var transformed = Setup.Transform<TimestampRouter>().Apply(Source(null, "value", topic: "test", timestamp: 1483425001864))!;

        Assert.Equal("test-20170103", transformed.Topic);
    }

    [Fact]
    public void Topic_and_timestamp_formats_are_configurable()
    {
        var transformed = Setup.Transform<TimestampRouter>(("topic.format", "archive.${topic}.${timestamp}"), ("timestamp.format", "yyyy-MM-dd'T'HH"))
            .Apply(Sink(null, "value", topic: "orders", timestamp: Timestamp))!;

        Assert.Equal("archive.orders.2023-11-14T22", transformed.Topic);
    }

    [Fact]
    public void Every_placeholder_occurrence_is_replaced()
    {
        var transformed = Setup.Transform<TimestampRouter>(("topic.format", "${topic}_${topic}"), ("timestamp.format", "yyyy")).Apply(Sink(null, "value", topic: "t"))!;

        Assert.Equal("t_t", transformed.Topic);
    }

    [Fact]
    public void A_routed_sink_record_keeps_its_partition_offset_and_original_topic()
    {
        var sink = Assert.IsType<SinkRecord>(Setup.Transform<TimestampRouter>().Apply(Sink(Schema.String, "value", topic: "orders", partition: 2, offset: 10)));

        Assert.Equal("orders-20231114", sink.Topic);
        Assert.Equal(2, sink.KafkaPartition);
        Assert.Equal(10, sink.KafkaOffset);
        Assert.Equal("orders", sink.OriginalTopic);
        Assert.Equal("value", sink.Value);
    }

    [Fact]
    public void A_record_without_timestamp_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Setup.Transform<TimestampRouter>().Apply(Source(null, "value", timestamp: null)));
    }

    [Fact]
    public void Unsupported_timestamp_format_is_a_config_error_naming_it()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<TimestampRouter>(("timestamp.format", "YYYY-ww")));

        Assert.Contains("timestamp.format", error.Message, StringComparison.Ordinal);
    }
}
