using DeltaConnect.Schemas.Converters;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using static DeltaConnect.Schemas.Tests.TestConverters;

namespace DeltaConnect.Schemas.Tests;

public sealed class ByteArrayConverterTests
{
    private readonly ByteArrayConverter _converter = new();

    [Fact]
    public void Bytes_pass_through_unchanged_with_or_without_a_bytes_schema()
    {
        byte[] bytes = [0, 1, 0xFF];

        Assert.Same(bytes, _converter.FromConnectData(Topic, new(), Schema.Bytes, bytes));
        Assert.Same(bytes, _converter.FromConnectData(Topic, new(), null, bytes));
        Assert.Equal(bytes, _converter.FromConnectData(Topic, new(), Schema.OptionalBytes, new ReadOnlyMemory<byte>(bytes)));
    }

    [Fact]
    public void Bytes_read_back_with_an_optional_bytes_schema()
    {
        byte[] bytes = [4, 5];

        var read = _converter.ToConnectData(Topic, new(), bytes);

        Assert.Equal(Schema.OptionalBytes, read.Schema);
        Assert.Same(bytes, read.Value);
    }

    [Fact]
    public void Null_is_no_bytes_and_reads_back_as_an_optional_bytes_null()
    {
        Assert.Null(_converter.FromConnectData(Topic, new(), Schema.OptionalBytes, null));
        Assert.Equal(new SchemaAndValue(Schema.OptionalBytes, null), _converter.ToConnectData(Topic, new(), null));
    }

    [Fact]
    public void A_schema_other_than_bytes_is_rejected()
    {
        var error = Assert.Throws<DataException>(() => _converter.FromConnectData(Topic, new(), Schema.String, "x"));

        Assert.StartsWith("Invalid schema type for ByteArrayConverter: String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_bytes_is_rejected()
    {
        var error = Assert.Throws<DataException>(() => _converter.FromConnectData(Topic, new(), null, "x"));

        Assert.StartsWith("ByteArrayConverter is not compatible with objects of type System.String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decimal_with_its_bytes_based_schema_is_still_rejected_because_the_value_is_not_bytes()
    {
        Assert.Throws<DataException>(() => _converter.FromConnectData(Topic, new(), ConnectDecimal.Schema(2), 1.5m));
    }
}
