using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class FilterTests
{
    [Fact]
    public void Every_record_is_dropped()
    {
        var filter = Setup.Transform<Filter>();

        Assert.Null(filter.Apply(Source(Schema.String, "value")));
        Assert.Null(filter.Apply(Sink(null, null)));
    }

    [Fact]
    public void It_has_no_options()
    {
        Assert.Empty(new Filter().Config.ConfigKeys);
    }
}
