using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Schemas.Tests;

/// <summary>Schemas and values used by several tests; the same data was run through Kafka Connect 3.9 for the expected bytes.</summary>
internal static class Samples
{
    public static Schema Address { get; } = SchemaBuilder.Struct().Name("shop.Address")
        .Field("street", Schema.String)
        .Field("zip", Schema.OptionalInt32)
        .Build();

    public static Schema Customer { get; } = SchemaBuilder.Struct().Name("shop.Customer").Version(2).Doc("A customer")
        .Field("id", Schema.Int64)
        .Field("name", Schema.OptionalString)
        .Field("address", Address)
        .Field("tags", SchemaBuilder.Array(Schema.String).Optional().Build())
        .Field("scores", SchemaBuilder.Map(Schema.String, Schema.Float64).Build())
        .Field("codes", SchemaBuilder.Map(Schema.Int32, Schema.Boolean).Build())
        .Field("active", SchemaBuilder.Bool().DefaultValue(true).Build())
        .Build();

    public static Struct AddressValue() => new Struct(Address).Put("street", "Main \"St\"").Put("zip", 12345);

    public static Struct CustomerValue() => new Struct(Customer)
        .Put("id", 1001L)
        .Put("address", AddressValue())
        .Put("tags", new List<object?> { "a", "b" })
        .Put("scores", new Dictionary<string, object?> { ["math"] = 1.5, ["art"] = 10_000_000.0 })
        .Put("codes", new Dictionary<object, object?> { [1] = true, [-2] = false });

    /// <summary>What Kafka Connect's JsonConverter writes for <see cref="CustomerValue"/> without the envelope.</summary>
    public const string CustomerPayloadJson =
        "{\"id\":1001,\"name\":null,\"address\":{\"street\":\"Main \\\"St\\\"\",\"zip\":12345},\"tags\":[\"a\",\"b\"]," +
        "\"scores\":{\"math\":1.5,\"art\":1.0E7},\"codes\":[[1,true],[-2,false]],\"active\":true}";

    /// <summary>What Kafka Connect's JsonConverter writes as the schema of <see cref="Customer"/>.</summary>
    public const string CustomerSchemaJson =
        "{\"type\":\"struct\",\"fields\":[" +
        "{\"type\":\"int64\",\"optional\":false,\"field\":\"id\"}," +
        "{\"type\":\"string\",\"optional\":true,\"field\":\"name\"}," +
        "{\"type\":\"struct\",\"fields\":[{\"type\":\"string\",\"optional\":false,\"field\":\"street\"},{\"type\":\"int32\",\"optional\":true,\"field\":\"zip\"}],\"optional\":false,\"name\":\"shop.Address\",\"field\":\"address\"}," +
        "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"optional\":false},\"optional\":true,\"field\":\"tags\"}," +
        "{\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},\"values\":{\"type\":\"double\",\"optional\":false},\"optional\":false,\"field\":\"scores\"}," +
        "{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},\"values\":{\"type\":\"boolean\",\"optional\":false},\"optional\":false,\"field\":\"codes\"}," +
        "{\"type\":\"boolean\",\"optional\":false,\"default\":true,\"field\":\"active\"}]," +
        "\"optional\":false,\"name\":\"shop.Customer\",\"version\":2,\"doc\":\"A customer\"}";
}
