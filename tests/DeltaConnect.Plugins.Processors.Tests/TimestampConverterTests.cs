using DeltaConnect.Plugins.Processors.Transforms;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Records;
using static DeltaConnect.Plugins.Processors.Tests.TestRecords;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class TimestampConverterTests
{
    private const string StringFormat = "yyyy MM dd HH mm ss SSS z";
    private const string DatePlusTimeString = "1970 01 02 00 00 01 234 UTC";
    private const long DatePlusTimeUnix = 86_401_234;
    private const long DatePlusTimeUnixMicros = (DatePlusTimeUnix * 1000) + 123;
    private const long DatePlusTimeUnixNanos = (DatePlusTimeUnixMicros * 1000) + 456;
    private const long DatePlusTimeUnixSeconds = DatePlusTimeUnix / 1000;

    private static readonly DateTimeOffset DatePlusTime = DateTimeOffset.FromUnixTimeMilliseconds(DatePlusTimeUnix);
    private static readonly DateOnly Date = new(1970, 1, 2);
    private static readonly TimeOnly Time = new(0, 0, 1, 234);

    private static TimestampConverter.Value Converter(string targetType, params (string, string)[] more) =>
        Setup.Transform<TimestampConverter.Value>([("target.type", targetType), .. more]);

    [Fact]
    public void Missing_target_type_is_a_config_error()
    {
        Assert.Throws<ConfigException>(() => Setup.Transform<TimestampConverter.Value>());
    }

    [Fact]
    public void Unknown_target_type_is_a_config_error_listing_the_valid_ones()
    {
        var error = Assert.Throws<ConfigException>(() => Converter("invalid"));

        Assert.Contains("string, unix, Date, Time, Timestamp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_unix_precision_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Converter("unix", ("unix.precision", "invalid")));

        Assert.Contains("unix.precision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_unix_precision_is_accepted()
    {
        Assert.NotNull(Converter("unix", ("unix.precision", "seconds")));
    }

    [Fact]
    public void String_target_without_format_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => Converter("string"));

        Assert.Contains("format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_format_is_a_config_error_naming_format()
    {
        var error = Assert.Throws<ConfigException>(() => Converter("string", ("format", "bad-format")));

        Assert.Contains("format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schemaless_timestamp_to_timestamp_is_identity()
    {
        var transformed = Converter("Timestamp").Apply(Source(null, DatePlusTime))!;

        Assert.Null(transformed.ValueSchema);
        Assert.Equal(DatePlusTime, transformed.Value);
    }

    [Fact]
    public void Schemaless_timestamp_to_date_drops_the_time()
    {
        Assert.Equal(Date, Converter("Date").Apply(Source(null, DatePlusTime))!.Value);
    }

    [Fact]
    public void Schemaless_timestamp_to_time_drops_the_date()
    {
        Assert.Equal(Time, Converter("Time").Apply(Source(null, DatePlusTime))!.Value);
    }

    [Fact]
    public void Schemaless_timestamp_to_unix_is_epoch_milliseconds()
    {
        Assert.Equal(DatePlusTimeUnix, Converter("unix").Apply(Source(null, DatePlusTime))!.Value);
    }

    [Fact]
    public void Schemaless_timestamp_to_string_uses_the_format_in_utc()
    {
        Assert.Equal(DatePlusTimeString, Converter("string", ("format", StringFormat)).Apply(Source(null, DatePlusTime))!.Value);
    }

    [Fact]
    public void Schemaless_date_to_timestamp_is_midnight_utc()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(86_400_000), Converter("Timestamp").Apply(Source(null, Date))!.Value);
    }

    [Fact]
    public void Schemaless_time_to_timestamp_is_on_the_epoch_day()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1234), Converter("Timestamp").Apply(Source(null, Time))!.Value);
    }

    [Fact]
    public void Schemaless_unix_to_timestamp()
    {
        Assert.Equal(DatePlusTime, Converter("Timestamp").Apply(Source(null, DatePlusTimeUnix))!.Value);
    }

    [Fact]
    public void Schemaless_string_to_timestamp_parses_with_the_format()
    {
        Assert.Equal(DatePlusTime, Converter("Timestamp", ("format", StringFormat)).Apply(Source(null, DatePlusTimeString))!.Value);
    }

    [Fact]
    public void Text_that_does_not_match_the_format_is_a_data_error_naming_value_and_pattern()
    {
        var error = Assert.Throws<DataException>(() => Converter("Timestamp", ("format", "yyyy-MM-dd")).Apply(Source(null, "31/01/2024")));

        Assert.Contains("31/01/2024", error.Message, StringComparison.Ordinal);
        Assert.Contains("yyyy-MM-dd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schemaless_value_of_an_unsupported_type_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Converter("Timestamp").Apply(Source(null, 42)));
    }

    public static TheoryData<string, Schema, object> WithSchemaFromTimestamp => new()
    {
        { "Timestamp", ConnectTimestamp.Schema, DatePlusTime },
        { "Date", ConnectDate.Schema, Date },
        { "Time", ConnectTime.Schema, Time },
        { "unix", Schema.Int64, DatePlusTimeUnix },
    };

    [Theory]
    [MemberData(nameof(WithSchemaFromTimestamp))]
    public void Timestamp_with_schema_converts_to_each_target_with_its_schema(string targetType, Schema expectedSchema, object expected)
    {
        var transformed = Converter(targetType).Apply(Source(ConnectTimestamp.Schema, DatePlusTime))!;

        Assert.Equal(expectedSchema, transformed.ValueSchema);
        Assert.Equal(expected, transformed.Value);
    }

    [Fact]
    public void Timestamp_with_schema_to_string()
    {
        var transformed = Converter("string", ("format", StringFormat)).Apply(Source(ConnectTimestamp.Schema, DatePlusTime))!;

        Assert.Same(Schema.String, transformed.ValueSchema);
        Assert.Equal(DatePlusTimeString, transformed.Value);
    }

    public static TheoryData<Schema, object> WithSchemaToTimestamp => new()
    {
        { ConnectDate.Schema, Date },
        { ConnectTime.Schema, Time },
        { Schema.Int64, DatePlusTimeUnix },
        { Schema.String, DatePlusTimeString },
    };

    [Theory]
    [MemberData(nameof(WithSchemaToTimestamp))]
    public void Each_kind_with_schema_converts_to_timestamp(Schema schema, object value)
    {
        var expected = value switch
        {
            DateOnly => DateTimeOffset.FromUnixTimeMilliseconds(86_400_000),
            TimeOnly => DateTimeOffset.FromUnixTimeMilliseconds(1234),
            _ => DatePlusTime,
        };

        var transformed = Converter("Timestamp", ("format", StringFormat)).Apply(Source(schema, value))!;

        Assert.Same(ConnectTimestamp.Schema, transformed.ValueSchema);
        Assert.Equal(expected, transformed.Value);
    }

    [Theory]
    [InlineData("string")]
    [InlineData("Date")]
    [InlineData("Timestamp")]
    [InlineData("unix")]
    [InlineData("Time")]
    public void Schemaless_null_value_stays_null(string targetType)
    {
        var transformed = Converter(targetType, ("format", StringFormat)).Apply(Source(null, null))!;

        Assert.Null(transformed.ValueSchema);
        Assert.Null(transformed.Value);
    }

    [Theory]
    [InlineData("string")]
    [InlineData("Date")]
    [InlineData("Timestamp")]
    [InlineData("unix")]
    [InlineData("Time")]
    public void Schemaless_null_field_stays_null(string targetType)
    {
        var transformed = Converter(targetType, ("format", StringFormat), ("field", "ts")).Apply(Source(null, Map(("ts", null), ("other", "test"))))!;

        var result = AsMap(transformed.Value);
        Assert.Null(result["ts"]);
        Assert.Equal("test", result["other"]);
    }

    public static TheoryData<string, Schema> OptionalTargets => new()
    {
        { "Timestamp", ConnectTimestamp.Builder().Optional().Build() },
        { "unix", Schema.OptionalInt64 },
        { "Time", ConnectTime.Builder().Optional().Build() },
        { "Date", ConnectDate.Builder().Optional().Build() },
        { "string", Schema.OptionalString },
    };

    [Theory]
    [MemberData(nameof(OptionalTargets))]
    public void Null_value_with_an_optional_schema_stays_null_with_the_optional_target_schema(string targetType, Schema expectedSchema)
    {
        var transformed = Converter(targetType, ("format", StringFormat)).Apply(Source(Schema.OptionalInt64, null))!;

        Assert.Equal(expectedSchema, transformed.ValueSchema);
        Assert.Null(transformed.Value);
    }

    [Theory]
    [MemberData(nameof(OptionalTargets))]
    public void Null_optional_field_stays_null_with_the_optional_target_schema(string targetType, Schema expectedFieldSchema)
    {
        var schema = SchemaBuilder.Struct().Field("ts", Schema.OptionalInt64).Field("other", Schema.OptionalString).Build();

        var transformed = Converter(targetType, ("format", StringFormat), ("field", "ts")).Apply(Source(schema, new Struct(schema).Put("ts", null).Put("other", "test")))!;

        Assert.Equal(SchemaBuilder.Struct().Field("ts", expectedFieldSchema).Field("other", Schema.OptionalString).Build(), transformed.ValueSchema);
        Assert.Null(AsStruct(transformed.Value).Get("ts"));
        Assert.Equal("test", AsStruct(transformed.Value).Get("other"));
    }

    [Fact]
    public void Null_struct_with_field_conversion_stays_null_with_the_updated_schema()
    {
        var schema = SchemaBuilder.Struct().Optional().Field("ts", Schema.OptionalInt64).Build();

        var transformed = Converter("Timestamp", ("field", "ts")).Apply(Source(schema, null))!;

        Assert.Null(transformed.Value);
        Assert.Equal(ConnectTimestamp.Builder().Optional().Build(), transformed.ValueSchema!.Field("ts")!.Schema);
        Assert.True(transformed.ValueSchema.IsOptional);
    }

    [Fact]
    public void Schemaless_field_is_converted_and_other_entries_kept()
    {
        var transformed = Converter("Date", ("field", "ts")).Apply(Source(null, Map(("ts", DatePlusTime), ("other", "test"))))!;

        Assert.Equal(Map(("ts", Date), ("other", "test")), AsMap(transformed.Value));
    }

    [Fact]
    public void Field_with_schema_is_converted_and_the_schema_updated()
    {
        var schema = SchemaBuilder.Struct().Name("event").Field("ts", ConnectTimestamp.Schema).Field("other", Schema.String).Build();

        var transformed = Converter("Date", ("field", "ts")).Apply(Source(schema, new Struct(schema).Put("ts", DatePlusTime).Put("other", "test")))!;

        Assert.Equal(SchemaBuilder.Struct().Name("event").Field("ts", ConnectDate.Schema).Field("other", Schema.String).Build(), transformed.ValueSchema);
        Assert.Equal(Date, AsStruct(transformed.Value).Get("ts"));
        Assert.Equal("test", AsStruct(transformed.Value).Get("other"));
    }

    [Theory]
    [InlineData(true, 0L)]
    [InlineData(false, null)]
    public void Null_field_with_default_converts_the_default_unless_replace_null_with_default_is_off(bool replaceNullWithDefault, long? expectedMilliseconds)
    {
        var schema = SchemaBuilder.Struct().Field("ts", ConnectTimestamp.Builder().Optional().DefaultValue(DateTimeOffset.UnixEpoch).Build()).Build();

        var transformed = Converter("unix", ("field", "ts"), ("replace.null.with.default", replaceNullWithDefault.ToString()))
            .Apply(Source(schema, new Struct(schema).Put("ts", null)))!;

        Assert.Equal(expectedMilliseconds, AsStruct(transformed.Value).GetWithoutDefault("ts"));
    }

    [Theory]
    [InlineData("microseconds", DatePlusTimeUnixMicros)]
    [InlineData("nanoseconds", DatePlusTimeUnixNanos)]
    [InlineData("milliseconds", DatePlusTimeUnix)]
    public void Unix_field_in_the_configured_precision_converts_to_timestamp_dropping_sub_milliseconds(string precision, long unix)
    {
        var schema = SchemaBuilder.Struct().Field("ts", Schema.Int64).Build();

        var transformed = Converter("Timestamp", ("field", "ts"), ("unix.precision", precision)).Apply(Source(schema, new Struct(schema).Put("ts", unix)))!;

        Assert.Equal(SchemaBuilder.Struct().Field("ts", ConnectTimestamp.Schema).Build(), transformed.ValueSchema);
        Assert.Equal(DatePlusTime, AsStruct(transformed.Value).Get("ts"));
    }

    [Fact]
    public void Unix_seconds_field_converts_to_a_whole_second_timestamp()
    {
        var schema = SchemaBuilder.Struct().Field("ts", Schema.Int64).Build();

        var transformed = Converter("Timestamp", ("field", "ts"), ("unix.precision", "seconds")).Apply(Source(schema, new Struct(schema).Put("ts", DatePlusTimeUnixSeconds)))!;

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(86_401_000), AsStruct(transformed.Value).Get("ts"));
    }

    [Theory]
    [InlineData("microseconds", 86_401_234_000L)]
    [InlineData("nanoseconds", 86_401_234_000_000L)]
    [InlineData("seconds", DatePlusTimeUnixSeconds)]
    public void String_converts_to_unix_in_the_configured_precision(string precision, long expected)
    {
        var transformed = Converter("unix", ("unix.precision", precision), ("format", StringFormat)).Apply(Source(null, DatePlusTimeString))!;

        Assert.Null(transformed.ValueSchema);
        Assert.Equal(expected, transformed.Value);
    }

    [Fact]
    public void Before_the_epoch_dates_and_times_are_floored_to_the_day()
    {
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(-1);

        Assert.Equal(new DateOnly(1969, 12, 31), Converter("Date").Apply(Source(null, instant))!.Value);
        Assert.Equal(new TimeOnly(23, 59, 59, 999), Converter("Time").Apply(Source(null, instant))!.Value);
    }

    [Fact]
    public void A_schema_that_is_not_a_timestamp_kind_is_a_data_error()
    {
        Assert.Throws<DataException>(() => Converter("Timestamp").Apply(Source(Schema.Float64, 1.5)));
    }

    [Fact]
    public void Key_is_converted()
    {
        var transformed = Setup.Transform<TimestampConverter.Key>(("target.type", "Timestamp")).Apply(Source(null, null, null, DatePlusTime))!;

        Assert.Null(transformed.KeySchema);
        Assert.Equal(DatePlusTime, transformed.Key);
    }

    [Fact]
    public void A_sink_record_keeps_its_offset()
    {
        var transformed = Converter("unix").Apply(Sink(ConnectTimestamp.Schema, DatePlusTime, offset: 3));

        var sink = Assert.IsType<SinkRecord>(transformed);
        Assert.Equal(3, sink.KafkaOffset);
        Assert.Equal(DatePlusTimeUnix, sink.Value);
    }
}
