using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Protocol.Tests;

public sealed class ApiCatalogTests
{
    /// <summary>First flexible version of each API, from the "flexibleVersions" of the Kafka message schemas.</summary>
    public static TheoryData<ApiKey, short> KafkaFirstFlexibleVersions => new()
    {
        { ApiKey.Produce, 9 },
        { ApiKey.Fetch, 12 },
        { ApiKey.ListOffsets, 6 },
        { ApiKey.Metadata, 9 },
        { ApiKey.OffsetCommit, 8 },
        { ApiKey.OffsetFetch, 6 },
        { ApiKey.FindCoordinator, 3 },
        { ApiKey.JoinGroup, 6 },
        { ApiKey.Heartbeat, 4 },
        { ApiKey.LeaveGroup, 4 },
        { ApiKey.SyncGroup, 4 },
        { ApiKey.DescribeGroups, 5 },
        { ApiKey.ListGroups, 3 },
        { ApiKey.ApiVersions, 3 },
        { ApiKey.CreateTopics, 5 },
        { ApiKey.DeleteTopics, 4 },
        { ApiKey.DeleteRecords, 2 },
        { ApiKey.InitProducerId, 2 },
        { ApiKey.DescribeConfigs, 4 },
        { ApiKey.AlterConfigs, 2 },
        { ApiKey.CreatePartitions, 2 },
        { ApiKey.DeleteGroups, 2 },
        { ApiKey.IncrementalAlterConfigs, 1 },
        { ApiKey.DescribeCluster, 0 },
    };

    /// <summary>APIs whose Kafka schema says "flexibleVersions": "none".</summary>
    private static readonly ApiKey[] NeverFlexible = [ApiKey.OffsetDelete];

    [Fact]
    public void Never_flexible_apis_have_no_flexible_version_in_their_range()
    {
        foreach (var api in NeverFlexible)
        {
            Assert.True(ApiCatalog.TryGet(api, out var range));
            Assert.True(range.FirstFlexibleVersion > range.MaxVersion, $"{api}");
        }
    }

    [Theory]
    [MemberData(nameof(KafkaFirstFlexibleVersions))]
    public void First_flexible_version_matches_the_kafka_schema(ApiKey api, short firstFlexible)
    {
        Assert.True(ApiCatalog.TryGet(api, out var range));
        Assert.Equal(firstFlexible, range.FirstFlexibleVersion);
        Assert.True(ApiCatalog.IsFlexible(api, firstFlexible));
        Assert.True(ApiCatalog.IsFlexible(api, (short)(firstFlexible + 1)));
        if (firstFlexible > 0)
        {
            Assert.False(ApiCatalog.IsFlexible(api, (short)(firstFlexible - 1)));
        }
    }

    [Fact]
    public void Every_catalogued_api_is_listed_once_in_key_order()
    {
        var keys = ApiCatalog.All.Select(a => a.Key).ToArray();

        Assert.Equal(KafkaFirstFlexibleVersions.Count + NeverFlexible.Length, keys.Length);
        Assert.Equal(keys.Order(), keys);
        Assert.Equal(keys.Distinct().Count(), keys.Length);
        Assert.All(ApiCatalog.All, a => Assert.True(a.MinVersion <= a.MaxVersion, $"{a.Key}"));
    }

    [Theory]
    [InlineData(ApiKey.Produce, 2, false)]
    [InlineData(ApiKey.Produce, 3, true)]
    [InlineData(ApiKey.Produce, 9, true)]
    [InlineData(ApiKey.Produce, 10, false)]
    [InlineData(ApiKey.Fetch, 3, false)]
    [InlineData(ApiKey.Fetch, 4, true)]
    [InlineData(ApiKey.Fetch, 12, true)]
    [InlineData(ApiKey.Fetch, 13, false)]
    [InlineData(ApiKey.Metadata, 0, true)]
    [InlineData(ApiKey.Metadata, 12, true)]
    [InlineData(ApiKey.Metadata, 13, false)]
    [InlineData(ApiKey.ApiVersions, 3, true)]
    [InlineData(ApiKey.ApiVersions, 4, false)]
    [InlineData(ApiKey.ApiVersions, -1, false)]
    [InlineData(ApiKey.SaslHandshake, 0, false)]
    public void Supported_versions_are_the_catalogued_ranges(ApiKey api, short version, bool supported)
    {
        Assert.Equal(supported, ApiCatalog.IsSupported(api, version));
    }

    [Fact]
    public void Unknown_apis_are_neither_supported_nor_flexible()
    {
        Assert.False(ApiCatalog.TryGet(ApiKey.SaslHandshake, out _));
        Assert.False(ApiCatalog.IsFlexible(ApiKey.SaslHandshake, 5));
        Assert.False(ApiCatalog.IsFlexible((ApiKey)1000, 0));
    }
}
