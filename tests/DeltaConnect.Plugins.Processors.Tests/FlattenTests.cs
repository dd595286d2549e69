using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class FlattenTests
{
    [Fact]
    public void A_value_with_a_schema_must_be_a_struct()
    {
        Assert.Throws<DataException>(() => Setup.Transform<Flatten.Value>().Apply(Source(Schema.Int32, 42)));
    }

    [Fact]
    public void A_value_without_a_schema_must_be_a_map()
    {
        Assert.Throws<DataException>(() => Setup.Transform<Flatten.Value>().Apply(Source(null, 42)));
    }

    [Fact]
    public void Nested_structs_flatten_to_dotted_field_names()
    {
        var leaf = SchemaBuilder.Struct()
            .Field("int8", Schema.Int8).Field("int16", Schema.Int16).Field("int32", Schema.Int32).Field("int64", Schema.Int64)
            .Field("float32", Schema.Float32).Field("float64", Schema.Float64).Field("boolean", Schema.Boolean)
            .Field("string", Schema.String).Field("bytes", Schema.Bytes)
            .Build();
        var middle = SchemaBuilder.Struct().Field("B", leaf).Build();
        var top = SchemaBuilder.Struct().Field("A", middle).Build();
        var leafValue = new Struct(leaf)
            .Put("int8", (sbyte)8).Put("int16", (short)16).Put("int32", 32).Put("int64", 64L)
            .Put("float32", 32f).Put("float64", 64d).Put("boolean", true).Put("string", "stringy").Put("bytes", "bytes"u8.ToArray());
        var value = new Struct(top).Put("A", new Struct(middle).Put("B", leafValue));

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(top, value))!;

        var result = AsStruct(transformed.Value);
        Assert.Equal(SchemaType.Struct, transformed.ValueSchema!.Type);
        Assert.Equal(9, transformed.ValueSchema.Fields.Count);
        Assert.Equal((sbyte)8, result.GetInt8("A.B.int8"));
        Assert.Equal((short)16, result.GetInt16("A.B.int16"));
        Assert.Equal(32, result.GetInt32("A.B.int32"));
        Assert.Equal(64L, result.GetInt64("A.B.int64"));
        Assert.Equal(32f, result.GetFloat32("A.B.float32"));
        Assert.Equal(64d, result.GetFloat64("A.B.float64"));
        Assert.Equal(true, result.GetBoolean("A.B.boolean"));
        Assert.Equal("stringy", result.GetString("A.B.string"));
        Assert.Equal("bytes"u8.ToArray(), result.GetBytes("A.B.bytes"));
    }

    [Fact]
    public void Nested_maps_flatten_with_the_configured_delimiter()
    {
        var leaf = Map(("int8", (sbyte)8), ("int32", 32), ("string", "stringy"), ("bytes", "bytes"u8.ToArray()));
        var value = Map(("A", Map(("B", leaf))));

        var transformed = Setup.Transform<Flatten.Value>(("delimiter", "#")).Apply(Source(null, value))!;

        var result = AsMap(transformed.Value);
        Assert.Null(transformed.ValueSchema);
        Assert.Equal(4, result.Count);
        Assert.Equal((sbyte)8, result["A#B#int8"]);
        Assert.Equal(32, result["A#B#int32"]);
        Assert.Equal("stringy", result["A#B#string"]);
        Assert.Equal("bytes"u8.ToArray(), result["A#B#bytes"]);
    }

    [Fact]
    public void Optional_null_field_of_a_nested_struct_stays_null()
    {
        var leaf = SchemaBuilder.Struct().Field("opt_int32", Schema.OptionalInt32).Build();
        var top = SchemaBuilder.Struct().Field("B", leaf).Build();

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(top, new Struct(top).Put("B", new Struct(leaf).Put("opt_int32", null))))!;

        Assert.Null(AsStruct(transformed.Value).Get("B.opt_int32"));
    }

    [Fact]
    public void Null_optional_struct_value_passes_the_record_unchanged()
    {
        var schema = SchemaBuilder.Struct().Optional().Field("opt_int32", Schema.OptionalInt32).Build();
        var record = Source(schema, null);

        Assert.Same(record, Setup.Transform<Flatten.Value>().Apply(record));
    }

    [Fact]
    public void Null_optional_nested_struct_flattens_to_null_fields()
    {
        var leaf = SchemaBuilder.Struct().Optional().Field("opt_int32", Schema.OptionalInt32).Build();
        var top = SchemaBuilder.Struct().Field("B", leaf).Build();

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(top, new Struct(top).Put("B", null)))!;

        Assert.Null(AsStruct(transformed.Value).Get("B.opt_int32"));
        Assert.True(transformed.ValueSchema!.Field("B.opt_int32")!.Schema.IsOptional);
    }

    [Fact]
    public void Null_field_of_a_nested_map_stays_null()
    {
        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(null, Map(("B", Map(("opt_int32", null))))))!;

        var result = AsMap(transformed.Value);
        Assert.True(result.ContainsKey("B.opt_int32"));
        Assert.Null(result["B.opt_int32"]);
    }

    [Fact]
    public void Schemaless_key_is_flattened()
    {
        var transformed = Setup.Transform<Flatten.Key>().Apply(SourceKey(null, Map(("A", Map(("B", 12))))))!;

        Assert.Null(transformed.KeySchema);
        Assert.Equal(12, AsMap(transformed.Key)["A.B"]);
        Assert.Equal("value", transformed.Value);
    }

    [Fact]
    public void Arrays_without_schema_are_kept_as_they_are()
    {
        var array = new List<object?> { "bar", Map(("baz", Map(("lfg", "lfg")))) };

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(null, Map(("foo", array))))!;

        Assert.Same(array, AsMap(transformed.Value)["foo"]);
    }

    [Fact]
    public void Arrays_with_schema_are_kept_as_they_are()
    {
        var nested = SchemaBuilder.Struct().Field("lfg", Schema.String).Build();
        var inner = SchemaBuilder.Struct().Field("baz", nested).Build();
        var schema = SchemaBuilder.Struct().Field("foo", SchemaBuilder.Array(inner).Doc("durk").Build()).Build();
        var value = new Struct(schema).Put("foo", new List<object?> { new Struct(inner).Put("baz", new Struct(nested).Put("lfg", "lfg")) });

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(schema, value))!;

        Assert.Equal(schema, transformed.ValueSchema);
        Assert.Equal(value, transformed.Value);
    }

    [Fact]
    public void Fields_under_an_optional_struct_become_optional_and_take_the_parent_default()
    {
        var withoutDefault = SchemaBuilder.Struct().Optional()
            .Field("req_field", Schema.String)
            .Field("opt_field", SchemaBuilder.String().Optional().DefaultValue("child_default").Build())
            .Build();
        var parentDefault = new Struct(withoutDefault).Put("req_field", "req_default");
        var schema = SchemaBuilder.From(withoutDefault).DefaultValue(parentDefault).Build();

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(schema, new Struct(schema)))!;

        var flattened = transformed.ValueSchema!;
        Assert.Equal(2, flattened.Fields.Count);
        Assert.Equal(SchemaBuilder.String().Optional().DefaultValue("req_default").Build(), flattened.Field("req_field")!.Schema);
        Assert.Equal(SchemaBuilder.String().Optional().DefaultValue("child_default").Build(), flattened.Field("opt_field")!.Schema);
    }

    [Fact]
    public void Tombstone_without_schema_passes_through()
    {
        var record = Source(null, null);

        var transformed = Setup.Transform<Flatten.Value>().Apply(record)!;

        Assert.Null(transformed.Value);
        Assert.Null(transformed.ValueSchema);
    }

    [Fact]
    public void Tombstone_with_schema_passes_through_with_its_schema()
    {
        var schema = SchemaBuilder.Struct().Name("name").Version(1).Doc("doc").Field("magic", Schema.OptionalInt64).Build();

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(schema, null))!;

        Assert.Null(transformed.Value);
        Assert.Equal(schema, transformed.ValueSchema);
    }

    [Fact]
    public void Map_with_null_fields_keeps_every_entry_in_order()
    {
        var value = Map(("firstNull", null), ("firstNonNull", "nonNull"), ("secondNull", null), ("secondNonNull", "alsoNonNull"), ("thirdNonNull", null));

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(null, value))!;

        Assert.Equal(value, AsMap(transformed.Value));
        Assert.Equal(value.Keys, AsMap(transformed.Value).Keys);
    }

    [Fact]
    public void Flat_struct_with_null_fields_is_unchanged()
    {
        var schema = SchemaBuilder.Struct()
            .Field("firstNull", Schema.OptionalString).Field("firstNonNull", Schema.OptionalString)
            .Field("secondNull", Schema.OptionalString).Field("secondNonNull", Schema.OptionalString)
            .Build();
        var value = new Struct(schema).Put("firstNull", null).Put("firstNonNull", "nonNull").Put("secondNull", null).Put("secondNonNull", "alsoNonNull");

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(schema, value))!;

        Assert.Equal(value, transformed.Value);
    }

    [Fact]
    public void Struct_name_version_and_doc_are_kept()
    {
        var schema = SchemaBuilder.Struct().Name("orders.Value").Version(3).Doc("an order").Field("id", Schema.Int32).Build();

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(schema, new Struct(schema).Put("id", 1)))!;

        Assert.Equal("orders.Value", transformed.ValueSchema!.Name);
        Assert.Equal(3, transformed.ValueSchema.Version);
        Assert.Equal("an order", transformed.ValueSchema.Doc);
    }

    [Fact]
    public void Logical_values_are_kept_as_leaves_without_schema()
    {
        var value = Map(("order", Map(("placed", DateTimeOffset.UnixEpoch), ("total", 12.5m))));

        var transformed = Setup.Transform<Flatten.Value>().Apply(Source(null, value))!;

        Assert.Equal(DateTimeOffset.UnixEpoch, AsMap(transformed.Value)["order.placed"]);
        Assert.Equal(12.5m, AsMap(transformed.Value)["order.total"]);
    }

    [Fact]
    public void Map_fields_in_a_struct_are_a_data_error_naming_the_field()
    {
        var schema = SchemaBuilder.Struct().Field("attributes", SchemaBuilder.Map(Schema.String, Schema.String).Build()).Build();

        var error = Assert.Throws<DataException>(() => Setup.Transform<Flatten.Value>().Apply(Source(schema, new Struct(schema).Put("attributes", Map()))));

        Assert.Contains("attributes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_struct_inside_a_schemaless_map_is_a_data_error()
    {
        var schema = SchemaBuilder.Struct().Field("id", Schema.Int32).Build();

        Assert.Throws<DataException>(() => Setup.Transform<Flatten.Value>().Apply(Source(null, Map(("s", new Struct(schema).Put("id", 1))))));
    }

    [Fact]
    public void A_sink_record_keeps_its_offset()
    {
        var transformed = Setup.Transform<Flatten.Value>().Apply(Sink(null, Map(("a", Map(("b", 1)))), offset: 77));

        Assert.Equal(77, Assert.IsType<SinkRecord>(transformed).KafkaOffset);
    }
}
