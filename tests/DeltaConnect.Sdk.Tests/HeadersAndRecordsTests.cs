using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Tests;

public sealed class HeadersAndRecordsTests
{
    [Fact]
    public void Headers_keep_order_and_repeated_keys()
    {
        var headers = new ConnectHeaders().AddString("a", "1").AddString("b", "2").AddString("a", "3");
        Assert.Equal("3", headers.LastWithName("a")!.Value);
        Assert.Equal(["1", "3"], headers.AllWithName("a").Select(h => (string?)h.Value));
        Assert.Equal(["b", "a"], headers.Duplicate().RetainLatest().Select(h => h.Key));
        Assert.Equal(3, headers.Count);
        Assert.Equal(["b"], headers.Remove("a").Select(h => h.Key));
    }

    [Fact]
    public void New_record_keeps_the_source_partition_and_offset_of_a_source_record()
    {
        var partition = new Dictionary<string, object?> { ["table"] = "t" };
        var offset = new Dictionary<string, object?> { ["lsn"] = 5L };
        var record = new SourceRecord(partition, offset, "topic", 0, Schema.String, "k", Schema.String, "v", 1000);
        var changed = Assert.IsType<SourceRecord>(record.NewRecord("other", null, Schema.String, "k2", Schema.String, "v2", 2000));
        Assert.Same(partition, changed.SourcePartition);
        Assert.Same(offset, changed.SourceOffset);
        Assert.Equal("other", changed.Topic);
        Assert.Equal("topic", record.Topic);
    }

    [Fact]
    public void New_record_keeps_where_a_sink_record_was_read()
    {
        var record = new SinkRecord("orders", 3, Schema.String, "k", Schema.String, "v", 42, 1000, TimestampType.LogAppendTime);
        var changed = Assert.IsType<SinkRecord>(record.NewRecord("routed", null, null, null, null, null, null));
        Assert.Equal(new TopicPartition("orders", 3), changed.OriginalTopicPartition);
        Assert.Equal(42, changed.OriginalKafkaOffset);
        Assert.Equal(42, changed.KafkaOffset);
        Assert.Equal(3, changed.KafkaPartition);
        Assert.Equal(TimestampType.LogAppendTime, changed.TimestampType);
    }
}
