using DeltaConnect.Plugins.Processors.Schemas;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Processors.Tests;

public sealed class SchemaCacheTests
{
    private static Schema Named(int i) => SchemaBuilder.Struct().Name($"s{i}").Build();

    [Fact]
    public void A_derived_schema_is_built_once_and_found_by_an_equal_input_schema()
    {
        var cache = new SchemaCache();
        var builds = 0;

        var first = cache.GetOrAdd(Named(1), 0, (_, _) => { builds++; return Schema.String; });
        var second = cache.GetOrAdd(Named(1), 0, (_, _) => { builds++; return Schema.Int32; });

        Assert.Same(Schema.String, first);
        Assert.Same(first, second);
        Assert.Equal(1, builds);
    }

    [Fact]
    public void The_least_recently_used_schema_is_forgotten_when_full()
    {
        var cache = new SchemaCache(capacity: 2);
        cache.Add(Named(1), Schema.Int8);
        cache.Add(Named(2), Schema.Int16);
        Assert.True(cache.TryGet(Named(1), out _));

        cache.Add(Named(3), Schema.Int32);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(Named(1), out var one));
        Assert.Same(Schema.Int8, one);
        Assert.False(cache.TryGet(Named(2), out _));
        Assert.True(cache.TryGet(Named(3), out _));
    }

    [Fact]
    public void It_never_holds_more_than_its_capacity()
    {
        var cache = new SchemaCache();

        for (var i = 0; i < 100; i++)
        {
            cache.GetOrAdd(Named(i), i, (_, n) => Named(n + 1000));
        }

        Assert.Equal(SchemaCache.DefaultCapacity, cache.Count);
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var cache = new SchemaCache();
        cache.Add(Named(1), Schema.Int8);

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Named(1), out _));
    }

    [Fact]
    public void Concurrent_use_is_safe()
    {
        var cache = new SchemaCache(capacity: 4);

        Parallel.For(0, 10_000, i => Assert.Equal($"d{i % 8}", cache.GetOrAdd(Named(i % 8), i % 8, (_, n) => SchemaBuilder.Struct().Name($"d{n}").Build()).Name));

        Assert.True(cache.Count <= 4);
    }
}
