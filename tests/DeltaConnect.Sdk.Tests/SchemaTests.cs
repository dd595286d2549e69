using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Tests;

public sealed class SchemaTests
{
    private static readonly Schema Address = SchemaBuilder.Struct().Name("Address")
        .Field("street", Schema.String)
        .Field("zip", Schema.OptionalString)
        .Build();

    private static readonly Schema Customer = SchemaBuilder.Struct().Name("Customer").Version(2).Doc("A customer")
        .Field("id", Schema.Int64)
        .Field("email", Schema.OptionalString)
        .Field("tags", SchemaBuilder.Array(Schema.String).Build())
        .Field("scores", SchemaBuilder.Map(Schema.String, Schema.Int32).Optional().Build())
        .Field("address", Address)
        .Field("balance", ConnectDecimal.Builder(2).Optional().Build())
        .Field("joined", ConnectDate.Builder().Optional().Build())
        .Build();

    [Fact]
    public void A_valid_struct_with_nested_values_passes_validation()
    {
        var value = new Struct(Customer)
            .Put("id", 42L)
            .Put("tags", new List<object?> { "a", "b" })
            .Put("scores", new Dictionary<object, object?> { ["x"] = 1 })
            .Put("address", new Struct(Address).Put("street", "Main"))
            .Put("balance", 12.34m)
            .Put("joined", new DateOnly(2026, 11, 23));

        value.Validate();
        Assert.Equal(42L, value.GetInt64("id"));
        Assert.Null(value.GetString("email"));
        Assert.Equal("Main", value.GetStruct("address")!.GetString("street"));
    }

    [Fact]
    public void Putting_a_value_of_the_wrong_type_names_the_field_and_the_types()
    {
        var error = Assert.Throws<DataException>(() => new Struct(Customer).Put("id", 42));
        Assert.Contains("Customer.id", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_field_fails_validation_and_is_named()
    {
        var error = Assert.Throws<DataException>(() => new Struct(Customer).Put("id", 1L).Validate());
        Assert.Contains("Customer.tags", error.Message, StringComparison.Ordinal);
        Assert.Contains("null is not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nested_struct_is_checked_when_it_is_put_and_arrays_below_it_every_time()
    {
        var holder = SchemaBuilder.Struct().Name("Holder").Field("address", Address).Field("customer", Customer).Build();

        // A nested struct missing a required field is refused when put, naming the path.
        var incomplete = new Struct(Address).Put("zip", "12345");
        var missing = Assert.Throws<DataException>(() => new Struct(holder).Put("address", incomplete));
        Assert.Contains("Address.street", missing.Message, StringComparison.Ordinal);

        // Once complete it is accepted, also again after further valid puts.
        incomplete.Put("street", "Main St");
        var outer = new Struct(holder).Put("address", incomplete);
        incomplete.Put("zip", null);
        outer.Put("address", incomplete);

        // A struct holding an array is checked in full every time: its list can change behind its back.
        var tags = new List<object?> { "a" };
        var customer = new Struct(Customer).Put("id", 1L).Put("tags", tags).Put("address", incomplete);
        outer.Put("customer", customer);
        tags.Add(7);
        var element = Assert.Throws<DataException>(() => outer.Put("customer", customer));
        Assert.Contains("tags[1]", element.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_elements_and_map_values_are_validated_with_their_paths()
    {
        var tags = Assert.Throws<DataException>(() => new Struct(Customer).Put("tags", new List<object?> { "a", 3 }));
        Assert.Contains("tags[1]", tags.Message, StringComparison.Ordinal);
        var scores = Assert.Throws<DataException>(() => new Struct(Customer).Put("scores", new Dictionary<object, object?> { ["x"] = "high" }));
        Assert.Contains("scores[x]", scores.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Logical_types_require_their_dotnet_values()
    {
        Assert.Throws<DataException>(() => new Struct(Customer).Put("balance", 12.34));
        Assert.Throws<DataException>(() => new Struct(Customer).Put("joined", 20000));
    }

    [Fact]
    public void Unknown_fields_are_rejected_with_the_list_of_known_ones()
    {
        var error = Assert.Throws<DataException>(() => new Struct(Customer).Put("mail", "x"));
        Assert.Contains("id, email, tags", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_schemas_built_separately_are_equal_and_differences_are_not()
    {
        var again = SchemaBuilder.Struct().Name("Address").Field("street", Schema.String).Field("zip", Schema.OptionalString).Build();
        var other = SchemaBuilder.Struct().Name("Address").Field("street", Schema.String).Field("zip", Schema.String).Build();
        Assert.Equal(Address, again);
        Assert.Equal(Address.GetHashCode(), again.GetHashCode());
        Assert.NotEqual(Address, other);
    }

    [Fact]
    public void Defaults_are_checked_against_the_schema_and_returned_for_unset_fields()
    {
        Assert.Throws<DataException>(() => SchemaBuilder.Int32().DefaultValue("zero").Build());
        var schema = SchemaBuilder.Struct().Field("n", SchemaBuilder.Int32().DefaultValue(7).Build()).Build();
        Assert.Equal(7, new Struct(schema).Get("n"));
        Assert.Null(new Struct(schema).GetWithoutDefault("n"));
    }

    [Fact]
    public void Fields_cannot_be_added_twice_or_to_non_structs()
    {
        Assert.Throws<DataException>(() => SchemaBuilder.Struct().Field("a", Schema.Int32).Field("a", Schema.Int32));
        Assert.Throws<DataException>(() => SchemaBuilder.Int32().Field("a", Schema.Int32));
        Assert.Throws<DataException>(() => Schema.Int32.Fields);
    }

    [Fact]
    public void Struct_equality_compares_values_deeply()
    {
        Struct Make() => new Struct(Address).Put("street", "Main").Put("zip", "123");
        Assert.Equal(Make(), Make());
        Assert.NotEqual(Make(), Make().Put("zip", "456"));
        Assert.Equal("Struct{street=Main,zip=123}", Make().ToString());
    }
}
