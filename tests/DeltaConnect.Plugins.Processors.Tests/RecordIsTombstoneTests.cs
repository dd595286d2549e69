using DeltaConnect.Plugins.Processors.Predicates;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class RecordIsTombstoneTests
{
    [Fact]
    public void True_for_a_null_value()
    {
        var predicate = Setup.Predicate<RecordIsTombstone>();

        Assert.True(predicate.Test(Sink(null, null, Schema.String, "key")));
        Assert.True(predicate.Test(Source(SchemaBuilder.Struct().Optional().Build(), null)));
    }

    [Fact]
    public void False_for_any_other_value()
    {
        var predicate = Setup.Predicate<RecordIsTombstone>();

        Assert.False(predicate.Test(Sink(Schema.String, "")));
        Assert.False(predicate.Test(Source(null, Map())));
    }

    [Fact]
    public void It_has_no_options()
    {
        Assert.Empty(new RecordIsTombstone().Config.ConfigKeys);
    }
}
