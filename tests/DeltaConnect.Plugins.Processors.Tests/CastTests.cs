using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class CastTests
{
    [Theory]
    [InlineData("")]
    [InlineData("foo:faketype")]
    [InlineData("key:array")]
    [InlineData("foo:bytes")]
    [InlineData("key:int8:extra")]
    [InlineData("foo:int8,int32")]
    public void Invalid_spec_is_a_config_error_naming_the_spec_option(string spec)
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<Cast.Value>(("spec", spec)));

        Assert.Contains("spec", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_spec_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<Cast.Value>());

        Assert.Contains("\"spec\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_target_type_error_lists_the_supported_types()
    {
        var error = Assert.Throws<ConfigException>(() => Setup.Transform<Cast.Value>(("spec", "foo:bytes")));

        Assert.Contains("int8, int16, int32, int64, float32, float64, boolean, string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_value_with_schema_passes_the_record_unchanged()
    {
        var record = Source(Schema.String, null, Schema.String, "key");

        Assert.Same(record, Setup.Transform<Cast.Value>(("spec", "foo:int64")).Apply(record));
    }

    [Fact]
    public void Null_key_without_schema_passes_the_record_unchanged()
    {
        var record = Source(null, "value", null, null);

        Assert.Same(record, Setup.Transform<Cast.Key>(("spec", "foo:int64")).Apply(record));
    }

    [Fact]
    public void Whole_key_with_schema_is_cast_and_the_value_left_alone()
    {
        var transformed = Setup.Transform<Cast.Key>(("spec", "int8")).Apply(Source(Schema.String, "value", Schema.Int32, 42))!;

        Assert.Equal(SchemaType.Int8, transformed.KeySchema!.Type);
        Assert.Equal((sbyte)42, transformed.Key);
        Assert.Same(Schema.String, transformed.ValueSchema);
        Assert.Equal("value", transformed.Value);
    }

    public static TheoryData<string, SchemaType, object> WholeValueCasts => new()
    {
        { "int8", SchemaType.Int8, (sbyte)42 },
        { "int16", SchemaType.Int16, (short)42 },
        { "int32", SchemaType.Int32, 42 },
        { "int64", SchemaType.Int64, 42L },
        { "float32", SchemaType.Float32, 42f },
        { "float64", SchemaType.Float64, 42d },
        { "boolean", SchemaType.Boolean, true },
        { "string", SchemaType.String, "42" },
    };

    [Theory]
    [MemberData(nameof(WholeValueCasts))]
    public void Whole_value_with_schema_is_cast_to_each_supported_type(string spec, SchemaType type, object expected)
    {
        var transformed = Setup.Transform<Cast.Value>(("spec", spec)).Apply(Source(Schema.Int32, 42))!;

        Assert.Equal(type, transformed.ValueSchema!.Type);
        Assert.Equal(expected, transformed.Value);
    }

    [Theory]
    [MemberData(nameof(WholeValueCasts))]
    public void Whole_value_without_schema_is_cast_to_each_supported_type(string spec, SchemaType type, object expected)
    {
        _ = type;
        var transformed = Setup.Transform<Cast.Value>(("spec", spec)).Apply(Source(null, 42))!;

        Assert.Null(transformed.ValueSchema);
        Assert.Equal(expected, transformed.Value);
    }

    [Fact]
    public void Zero_casts_to_false()
    {
        var transformed = Setup.Transform<Cast.Value>(("spec", "boolean")).Apply(Source(Schema.Int32, 0))!;

        Assert.Equal(false, transformed.Value);
    }

    [Fact]
    public void Whole_value_keeps_optionality_and_casts_the_default()
    {
        var schema = SchemaBuilder.Int64().Optional().DefaultValue(-42L).Build();

        var transformed = Setup.Transform<Cast.Value>(("spec", "int32")).Apply(Source(schema, 42L))!;

        Assert.Equal(SchemaType.Int32, transformed.ValueSchema!.Type);
        Assert.True(transformed.ValueSchema.IsOptional);
        Assert.Equal(-42, transformed.ValueSchema.DefaultValue);
        Assert.Equal(42, transformed.Value);
    }

    [Fact]
    public void Whole_decimal_value_casts_to_its_digits()
    {
        var transformed = Setup.Transform<Cast.Value>(("spec", "string")).Apply(Source(ConnectDecimal.Schema(0), 42m))!;

        Assert.Equal(SchemaType.String, transformed.ValueSchema!.Type);
        Assert.Null(transformed.ValueSchema.Name);
        Assert.Equal("42", transformed.Value);
    }

    [Fact]
    public void Whole_timestamp_value_cast_to_int64_is_a_plain_int64_of_epoch_milliseconds()
    {
        var transformed = Setup.Transform<Cast.Value>(("spec", "int64")).Apply(Source(ConnectTimestamp.Schema, DateTimeOffset.FromUnixTimeMilliseconds(Timestamp)))!;

        Assert.Equal(Schema.Int64, transformed.ValueSchema);
        Assert.Equal(Timestamp, transformed.Value);
    }

    [Fact]
    public void Whole_value_of_a_type_without_a_connect_schema_type_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Setup.Transform<Cast.Value>(("spec", "int8")).Apply(Source(null, new object())));
    }

    [Fact]
    public void Logical_values_cast_to_their_numeric_representation()
    {
        var schema = SchemaBuilder.Struct()
            .Field("date_to_int32", ConnectDate.Schema)
            .Field("timestamp_to_int64", ConnectTimestamp.Schema)
            .Field("time_to_int64", ConnectTime.Schema)
            .Field("decimal_to_int32", ConnectDecimal.Schema(0))
            .Field("timestamp_to_float64", ConnectTimestamp.Schema)
            .Field("null_timestamp_to_int32", ConnectTimestamp.Builder().Optional().Build())
            .Build();
        var value = new Struct(schema)
            .Put("date_to_int32", new DateOnly(1970, 1, 2))
            .Put("timestamp_to_int64", DateTimeOffset.UnixEpoch)
            .Put("time_to_int64", new TimeOnly(0, 0, 0, 1))
            .Put("decimal_to_int32", (decimal)int.MaxValue + 1)
            .Put("timestamp_to_float64", DateTimeOffset.FromUnixTimeMilliseconds(253402300799999))
            .Put("null_timestamp_to_int32", null);

        var transformed = Setup.Transform<Cast.Value>(("spec",
            "date_to_int32:int32,timestamp_to_int64:int64,time_to_int64:int64,decimal_to_int32:int32,timestamp_to_float64:float64,null_timestamp_to_int32:int32"))
            .Apply(Source(schema, value))!;

        var result = AsStruct(transformed.Value);
        Assert.Equal(1, result.Get("date_to_int32"));
        Assert.Equal(0L, result.Get("timestamp_to_int64"));
        Assert.Equal(1L, result.Get("time_to_int64"));
        Assert.Equal(int.MinValue, result.Get("decimal_to_int32")); // wraps like Java's BigDecimal.intValue()
        Assert.Equal(253402300799999d, result.Get("timestamp_to_float64"));
        Assert.Null(result.Get("null_timestamp_to_int32"));
        Assert.Equal(Schema.Int32, transformed.ValueSchema!.Field("date_to_int32")!.Schema);
        Assert.Equal(Schema.OptionalInt32, transformed.ValueSchema.Field("null_timestamp_to_int32")!.Schema);
    }

    [Fact]
    public void Logical_values_cast_to_iso_8601_text()
    {
        var schema = SchemaBuilder.Struct()
            .Field("date", ConnectDate.Schema)
            .Field("decimal", ConnectDecimal.Schema(2))
            .Field("time", ConnectTime.Schema)
            .Field("timestamp", ConnectTimestamp.Schema)
            .Build();
        var value = new Struct(schema)
            .Put("date", new DateOnly(1970, 1, 2))
            .Put("decimal", 19.8m)
            .Put("time", new TimeOnly(1, 0))
            .Put("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(Timestamp + 5));

        var transformed = Setup.Transform<Cast.Value>(("spec", "date:string,decimal:string,time:string,timestamp:string")).Apply(Source(schema, value))!;

        var result = AsStruct(transformed.Value);
        Assert.Equal("1970-01-02", result.Get("date"));
        Assert.Equal("19.80", result.Get("decimal"));
        Assert.Equal("01:00:00.000Z", result.Get("time"));
        Assert.Equal("2023-11-14T22:13:20.005Z", result.Get("timestamp"));
        Assert.All(transformed.ValueSchema!.Fields, f => Assert.Equal(Schema.String, f.Schema));
    }

    [Fact]
    public void Fields_with_schema_are_cast_keeping_optionality_defaults_and_untouched_fields()
    {
        byte[] bytes = [0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10];
        var schema = SchemaBuilder.Struct()
            .Field("int8", Schema.Int8)
            .Field("int16", Schema.OptionalInt16)
            .Field("int32", SchemaBuilder.Int32().DefaultValue(2).Build())
            .Field("int64", Schema.Int64)
            .Field("float32", Schema.Float32)
            .Field("float64", SchemaBuilder.Float64().DefaultValue(-1.125).Build())
            .Field("boolean", Schema.Boolean)
            .Field("string", Schema.String)
            .Field("bigdecimal", ConnectDecimal.Schema(0))
            .Field("date", ConnectDate.Schema)
            .Field("optional", Schema.OptionalFloat32)
            .Field("timestamp", ConnectTimestamp.Schema)
            .Field("bytes", Schema.Bytes)
            .Build();
        var value = new Struct(schema)
            .Put("int8", (sbyte)8)
            .Put("int16", (short)16)
            .Put("int32", 32)
            .Put("int64", 64L)
            .Put("float32", 32f)
            .Put("float64", -64d)
            .Put("boolean", true)
            .Put("string", "42")
            .Put("bigdecimal", 42m)
            .Put("date", new DateOnly(1970, 1, 2))
            .Put("timestamp", DateTimeOffset.UnixEpoch)
            .Put("bytes", bytes);

        var transformed = Setup.Transform<Cast.Value>(("spec",
            "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,boolean:int8,string:int32,bigdecimal:string,date:string,optional:int32,bytes:string"))
            .Apply(Source(schema, value))!;

        var result = AsStruct(transformed.Value);
        var resultSchema = transformed.ValueSchema!;
        Assert.Equal((short)8, result.Get("int8"));
        Assert.Equal(16, result.Get("int16"));
        Assert.True(resultSchema.Field("int16")!.Schema.IsOptional);
        Assert.Equal(32L, result.Get("int32"));
        Assert.Equal(2L, resultSchema.Field("int32")!.Schema.DefaultValue);
        Assert.Equal(true, result.Get("int64"));
        Assert.Equal(32d, result.Get("float32"));
        Assert.Equal(true, result.Get("float64"));
        Assert.Equal(true, resultSchema.Field("float64")!.Schema.DefaultValue);
        Assert.Equal((sbyte)1, result.Get("boolean"));
        Assert.Equal(42, result.Get("string"));
        Assert.Equal("42", result.Get("bigdecimal"));
        Assert.Equal("1970-01-02", result.Get("date"));
        Assert.Null(result.Get("optional"));
        Assert.Equal(Schema.OptionalInt32, resultSchema.Field("optional")!.Schema);
        Assert.Equal(DateTimeOffset.UnixEpoch, result.Get("timestamp"));
        Assert.Same(ConnectTimestamp.Schema, resultSchema.Field("timestamp")!.Schema);
        Assert.Equal("/ty6mHZUMhA=", result.Get("bytes"));
    }

    [Fact]
    public void Fields_without_schema_are_cast()
    {
        var value = Map(("int8", (sbyte)8), ("int16", (short)16), ("int32", 32), ("int64", 64L), ("float32", 32f), ("float64", -64d), ("boolean", true), ("string", "42"));

        var transformed = Setup.Transform<Cast.Value>(("spec", "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,boolean:int8,string:int32"))
            .Apply(Source(null, value))!;

        var result = AsMap(transformed.Value);
        Assert.Null(transformed.ValueSchema);
        Assert.Equal((short)8, result["int8"]);
        Assert.Equal(16, result["int16"]);
        Assert.Equal(32L, result["int32"]);
        Assert.Equal(true, result["int64"]);
        Assert.Equal(32d, result["float32"]);
        Assert.Equal(true, result["float64"]);
        Assert.Equal((sbyte)1, result["boolean"]);
        Assert.Equal(42, result["string"]);
        Assert.Equal((sbyte)8, value["int8"]);
    }

    [Theory]
    [InlineData(true, "10")]
    [InlineData(false, null)]
    public void Null_field_with_default_becomes_the_cast_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, string? expected)
    {
        var schema = SchemaBuilder.Struct().Field("magic", SchemaBuilder.Int32().Optional().DefaultValue(10).Build()).Build();

        var transformed = Setup.Transform<Cast.Value>(("spec", "magic:string"), ("replace.null.with.default", replaceNullWithDefault ? "true" : "false"))
            .Apply(Source(schema, new Struct(schema).Put("magic", null)))!;

        Assert.Equal(SchemaType.String, transformed.ValueSchema!.Field("magic")!.Schema.Type);
        Assert.Equal(expected, AsStruct(transformed.Value).GetWithoutDefault("magic"));
    }

    [Theory]
    [InlineData(32f, "32.0")]
    [InlineData(0.1f, "0.1")]
    [InlineData(1e10f, "1.0E10")]
    public void Floats_cast_to_text_as_java_prints_them(float value, string expected)
    {
        Assert.Equal(expected, Setup.Transform<Cast.Value>(("spec", "string")).Apply(Source(Schema.Float32, value))!.Value);
    }

    [Fact]
    public void Booleans_cast_to_lowercase_text()
    {
        Assert.Equal("true", Setup.Transform<Cast.Value>(("spec", "string")).Apply(Source(Schema.Boolean, true))!.Value);
    }

    [Theory]
    [InlineData("int8", 300, (sbyte)44)]
    [InlineData("int16", 70000, (short)4464)]
    public void Narrowing_integers_wraps_like_java(string spec, int value, object expected)
    {
        Assert.Equal(expected, Setup.Transform<Cast.Value>(("spec", spec)).Apply(Source(Schema.Int32, value))!.Value);
    }

    [Theory]
    [InlineData(1e20, int.MaxValue)]
    [InlineData(-1e20, int.MinValue)]
    [InlineData(double.NaN, 0)]
    [InlineData(-3.9, -3)]
    public void Narrowing_floating_point_saturates_like_java(double value, int expected)
    {
        Assert.Equal(expected, Setup.Transform<Cast.Value>(("spec", "int32")).Apply(Source(Schema.Float64, value))!.Value);
    }

    [Fact]
    public void Text_that_is_not_a_number_is_a_data_error_naming_the_field()
    {
        var value = Map(("amount", "twelve"));

        var error = Assert.Throws<DataException>(() => Setup.Transform<Cast.Value>(("spec", "amount:int32")).Apply(Source(null, value)));

        Assert.Contains("amount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_out_of_range_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Setup.Transform<Cast.Value>(("spec", "int8")).Apply(Source(Schema.String, "300")));
    }

    [Fact]
    public void Bytes_cast_to_a_number_is_a_data_error()
    {
        var schema = SchemaBuilder.Struct().Field("payload", Schema.Bytes).Build();

        var error = Assert.Throws<DataException>(() => Setup.Transform<Cast.Value>(("spec", "payload:int32")).Apply(Source(schema, new Struct(schema).Put("payload", new byte[] { 1 }))));

        Assert.Contains("payload", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Casting_from_an_array_is_a_data_error_naming_the_field()
    {
        var schema = SchemaBuilder.Struct().Field("tags", SchemaBuilder.Array(Schema.String).Build()).Build();
        var value = new Struct(schema).Put("tags", new List<object?> { "a" });

        var error = Assert.Throws<DataException>(() => Setup.Transform<Cast.Value>(("spec", "tags:string")).Apply(Source(schema, value)));

        Assert.Contains("tags", error.Message, StringComparison.Ordinal);
        Assert.Contains("array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_cast_of_a_value_that_is_not_a_struct_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Setup.Transform<Cast.Value>(("spec", "foo:int32")).Apply(Source(null, 42)));
    }

    [Fact]
    public void Key_fields_are_cast()
    {
        var schema = SchemaBuilder.Struct().Field("id", Schema.String).Build();

        var transformed = Setup.Transform<Cast.Key>(("spec", "id:int64")).Apply(SourceKey(schema, new Struct(schema).Put("id", "7")))!;

        Assert.Equal(7L, AsStruct(transformed.Key).Get("id"));
        Assert.Equal("value", transformed.Value);
    }

    [Fact]
    public void The_derived_schema_is_built_once_per_input_schema()
    {
        var schema = SchemaBuilder.Struct().Field("n", Schema.Int32).Build();
        var cast = Setup.Transform<Cast.Value>(("spec", "n:int64"));

        var first = cast.Apply(Source(schema, new Struct(schema).Put("n", 1)))!;
        var second = cast.Apply(Sink(schema, new Struct(schema).Put("n", 2)))!;

        Assert.Same(first.ValueSchema, second.ValueSchema);
        Assert.Equal(2L, AsStruct(second.Value).Get("n"));
    }

    [Fact]
    public void A_struct_default_is_cast_field_by_field()
    {
        var withoutDefault = SchemaBuilder.Struct().Optional().Field("n", Schema.Int32).Build();
        var schema = SchemaBuilder.From(withoutDefault).DefaultValue(new Struct(withoutDefault).Put("n", 7)).Build();

        var transformed = Setup.Transform<Cast.Value>(("spec", "n:string")).Apply(Source(schema, new Struct(schema).Put("n", 1)))!;

        Assert.Equal("7", AsStruct(transformed.ValueSchema!.DefaultValue).Get("n"));
        Assert.Equal("1", AsStruct(transformed.Value).Get("n"));
    }

    [Fact]
    public void A_sink_record_stays_a_sink_record_with_its_offset()
    {
        var transformed = Setup.Transform<Cast.Value>(("spec", "int64")).Apply(Sink(Schema.Int32, 5, partition: 7, offset: 99));

        var sink = Assert.IsType<SinkRecord>(transformed);
        Assert.Equal(7, sink.KafkaPartition);
        Assert.Equal(99, sink.KafkaOffset);
        Assert.Equal(5L, sink.Value);
    }
}
