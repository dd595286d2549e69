using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class InsertHeaderTests
{
    private static SourceRecord Record(ConnectHeaders headers) => Source(null, "value", null, "key", headers: headers);

    [Fact]
    public void Header_is_added_after_existing_ones()
    {
        var original = Record(new ConnectHeaders().AddString("existing", "existing-value"));

        var transformed = Setup.Transform<InsertHeader>(("header", "inserted"), ("value.literal", "inserted-value")).Apply(original)!;

        Assert.Equal(
            [new ConnectHeader("existing", Schema.OptionalString, "existing-value"), new ConnectHeader("inserted", Schema.String, "inserted-value")],
            transformed.Headers);
        Assert.Single(original.Headers);
        AssertSameExceptHeaders(original, transformed);
    }

    [Fact]
    public void Header_with_an_existing_name_is_added_as_another_one()
    {
        var transformed = Setup.Transform<InsertHeader>(("header", "existing"), ("value.literal", "inserted-value"))
            .Apply(Record(new ConnectHeaders().AddString("existing", "preexisting-value")))!;

        Assert.Equal(["preexisting-value", "inserted-value"], transformed.Headers.AllWithName("existing").Select(h => h.Value));
    }

    public static TheoryData<string, Schema?, object?> Literals => new()
    {
        { "1", Schema.Int8, (sbyte)1 },
        { "1000", Schema.Int16, (short)1000 },
        { "100000", Schema.Int32, 100000 },
        { "10000000000", Schema.Int64, 10000000000L },
        { "1.5", Schema.Float32, 1.5f },
        { "true", Schema.Boolean, true },
        { "null", null, null },
        { "2024-01-31", ConnectDate.Schema, new DateOnly(2024, 1, 31) },
        { "12:30:00.000Z", ConnectTime.Schema, new TimeOnly(12, 30) },
        { "2024-01-31T12:30:00.000Z", ConnectTimestamp.Schema, new DateTimeOffset(2024, 1, 31, 12, 30, 0, TimeSpan.Zero) },
        { "hello world", Schema.String, "hello world" },
        { "[1,2]", Schema.String, "[1,2]" },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void The_literal_schema_is_inferred_like_kafka_connect_values(string literal, Schema? schema, object? value)
    {
        var transformed = Setup.Transform<InsertHeader>(("header", "h"), ("value.literal", literal)).Apply(Record(new ConnectHeaders()))!;

        Assert.Equal(new ConnectHeader("h", schema, value), transformed.Headers.Single());
    }

    [Fact]
    public void A_sink_record_keeps_its_offset()
    {
        var transformed = Setup.Transform<InsertHeader>(("header", "h"), ("value.literal", "v")).Apply(Sink(null, "value", offset: 9));

        Assert.Equal(9, Assert.IsType<SinkRecord>(transformed).KafkaOffset);
    }

    [Fact]
    public void Missing_header_name_is_a_config_error()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<InsertHeader>(("value.literal", "1")));
    }

    [Fact]
    public void Missing_literal_is_a_config_error()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<InsertHeader>(("header", "inserted")));
    }

    private static void AssertSameExceptHeaders(SourceRecord original, ConnectRecord transformed)
    {
        var source = Assert.IsType<SourceRecord>(transformed);
        Assert.Same(original.SourcePartition, source.SourcePartition);
        Assert.Same(original.SourceOffset, source.SourceOffset);
        Assert.Equal(original.Topic, source.Topic);
        Assert.Equal(original.KafkaPartition, source.KafkaPartition);
        Assert.Equal(original.Key, source.Key);
        Assert.Equal(original.Value, source.Value);
        Assert.Equal(original.Timestamp, source.Timestamp);
    }
}
