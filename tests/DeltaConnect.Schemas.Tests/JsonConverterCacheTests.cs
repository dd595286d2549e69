using DeltaConnect.Sdk.Data;
using static DeltaConnect.Schemas.Tests.TestConverters;

namespace DeltaConnect.Schemas.Tests;

public sealed class JsonConverterCacheTests
{
    private static string Envelope(string schema) => $"{{\"schema\":{schema},\"payload\":null}}";

    [Fact]
    public void Reading_the_same_schema_json_again_returns_the_cached_schema_instance()
    {
        var converter = NewJson();

        var first = converter.FromJson(Envelope("{\"type\":\"boolean\",\"optional\":true}")).Schema;
        var second = converter.FromJson(Envelope("{\"type\":\"boolean\",\"optional\":true}")).Schema;

        Assert.Same(first, second);
        Assert.Equal(1, converter.ParsedSchemaCacheCount);
    }

    [Fact]
    public void Schemas_are_cached_by_their_exact_json_text()
    {
        var converter = NewJson();

        converter.FromJson(Envelope("{\"type\":\"boolean\",\"optional\":true}"));
        converter.FromJson(Envelope("{\"type\":\"boolean\", \"optional\":true}"));
        converter.FromJson(Envelope("{\"type\":\"int8\",\"optional\":true}"));

        Assert.Equal(3, converter.ParsedSchemaCacheCount);
    }

    [Fact]
    public void Parsed_schema_cache_keeps_at_most_schemas_cache_size_entries_dropping_the_least_recently_used()
    {
        var converter = NewJson(cacheSize: 2);
        const string A = "{\"type\":\"int8\",\"optional\":true}";
        const string B = "{\"type\":\"int16\",\"optional\":true}";
        const string C = "{\"type\":\"int32\",\"optional\":true}";

        var a = converter.FromJson(Envelope(A)).Schema;
        var b = converter.FromJson(Envelope(B)).Schema;
        Assert.Same(a, converter.FromJson(Envelope(A)).Schema);
        converter.FromJson(Envelope(C));

        Assert.Equal(2, converter.ParsedSchemaCacheCount);
        Assert.Same(a, converter.FromJson(Envelope(A)).Schema);
        Assert.NotSame(b, converter.FromJson(Envelope(B)).Schema);
        Assert.Equal(2, converter.ParsedSchemaCacheCount);
    }

    [Fact]
    public void Schema_json_is_cached_per_schema_instance_and_bounded()
    {
        var converter = NewJson(cacheSize: 2);
        var schemas = Enumerable.Range(0, 5).Select(i => SchemaBuilder.Int32().Name($"n{i}").Build()).ToList();

        Assert.Equal(converter.ToJson(schemas[0], 1), converter.ToJson(schemas[0], 1));
        Assert.Equal(1, converter.SchemaJsonCacheCount);

        converter.ToJson(SchemaBuilder.Int32().Name("n0").Build(), 1);
        Assert.Equal(2, converter.SchemaJsonCacheCount);

        foreach (var schema in schemas)
        {
            Assert.Equal($"{{\"schema\":{{\"type\":\"int32\",\"optional\":false,\"name\":\"{schema.Name}\"}},\"payload\":7}}", converter.ToJson(schema, 7));
        }

        Assert.Equal(2, converter.SchemaJsonCacheCount);
    }

    [Fact]
    public void A_cache_size_of_zero_caches_nothing_and_still_converts()
    {
        var converter = NewJson(cacheSize: 0);

        var read = converter.RoundTrip(Samples.Customer, Samples.CustomerValue());
        converter.RoundTrip(Samples.Customer, Samples.CustomerValue());

        Assert.Equal(Samples.Customer, read.Schema);
        Assert.Equal(0, converter.SchemaJsonCacheCount);
        Assert.Equal(0, converter.ParsedSchemaCacheCount);
    }

    [Fact]
    public void Cached_schema_json_writes_the_same_bytes_as_the_first_write()
    {
        var converter = NewJson();

        var first = converter.ToJson(Samples.Customer, Samples.CustomerValue());
        var second = converter.ToJson(Samples.Customer, Samples.CustomerValue());

        Assert.Equal(first, second);
        Assert.Equal("{\"schema\":" + Samples.CustomerSchemaJson + ",\"payload\":" + Samples.CustomerPayloadJson + "}", second);
    }

    [Fact]
    public void Concurrent_conversions_on_one_converter_produce_correct_results()
    {
        var converter = NewJson(cacheSize: 3);
        var schemas = Enumerable.Range(0, 8).Select(i => SchemaBuilder.Int64().Name($"s{i}").Build()).ToArray();

        Parallel.For(0, 2000, i =>
        {
            var schema = schemas[i % schemas.Length];
            var read = converter.RoundTrip(schema, (long)i);
            Assert.Equal(schema, read.Schema);
            Assert.Equal((long)i, read.Value);
        });
    }
}
