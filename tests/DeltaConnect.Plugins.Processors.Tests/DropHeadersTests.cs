using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class DropHeadersTests
{
    [Fact]
    public void Named_headers_are_removed_and_the_others_kept_in_order()
    {
        var headers = new ConnectHeaders().AddString("keep-1", "a").AddString("drop", "b").AddString("keep-2", "c");
        var record = Source(Schema.String, "value", headers: headers);

        var transformed = Setup.Transform<DropHeaders>(("headers", "drop")).Apply(record)!;

        Assert.Equal(["keep-1", "keep-2"], transformed.Headers.Select(h => h.Key));
        Assert.Equal(3, record.Headers.Count);
    }

    [Fact]
    public void Every_header_with_a_dropped_name_is_removed()
    {
        var headers = new ConnectHeaders().AddString("drop", "1").AddString("other", "x").AddString("drop", "2").AddString("also", "y");

        var transformed = Setup.Transform<DropHeaders>(("headers", "drop,also")).Apply(Source(null, "value", headers: headers))!;

        Assert.Equal(["other"], transformed.Headers.Select(h => h.Key));
    }

    [Fact]
    public void Dropping_a_header_that_is_not_there_keeps_the_record_as_it_was()
    {
        var headers = new ConnectHeaders().AddString("existing", "x");
        var record = Source(Schema.String, "value", Schema.String, "key", headers: headers);

        var transformed = Setup.Transform<DropHeaders>(("headers", "missing")).Apply(record)!;

        Assert.Equal(["existing"], transformed.Headers.Select(h => h.Key));
        Assert.Equal("key", transformed.Key);
        Assert.Equal("value", transformed.Value);
        Assert.Equal(record.Timestamp, transformed.Timestamp);
    }

    [Fact]
    public void Source_partition_and_offset_are_kept()
    {
        var transformed = Assert.IsType<SourceRecord>(Setup.Transform<DropHeaders>(("headers", "x")).Apply(Source(null, "value")));

        Assert.Same(SourcePartition, transformed.SourcePartition);
        Assert.Same(SourceOffset, transformed.SourceOffset);
    }

    [Fact]
    public void An_empty_list_of_headers_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<DropHeaders>(("headers", "")));

        Assert.Contains("headers", error.Message, StringComparison.Ordinal);
    }
}
