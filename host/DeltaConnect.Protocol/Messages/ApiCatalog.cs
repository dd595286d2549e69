using System.Collections.Frozen;

namespace DeltaConnect.Protocol.Messages;

/// <summary>
/// The APIs and versions this codebase implements — the single source for what the broker advertises in
/// ApiVersions and for which versions use the flexible encoding (request header v2, response header v1,
/// compact types, tagged fields). Ranges cover what librdkafka 2.x (Confluent.Kafka, kcat) and kafkajs 2.x
/// negotiate; each codec reads and writes exactly these versions.
/// </summary>
public static class ApiCatalog
{
    private static readonly FrozenDictionary<ApiKey, ApiVersionRange> Apis = new ApiVersionRange[]
    {
        new(ApiKey.Produce, 3, 9, 9),
        new(ApiKey.Fetch, 4, 12, 12),
        new(ApiKey.ListOffsets, 1, 7, 6),
        new(ApiKey.Metadata, 0, 12, 9),
        new(ApiKey.OffsetCommit, 0, 8, 8),
        new(ApiKey.OffsetFetch, 1, 7, 6),
        new(ApiKey.FindCoordinator, 0, 2, 3),
        new(ApiKey.JoinGroup, 0, 5, 6),
        new(ApiKey.Heartbeat, 0, 3, 4),
        new(ApiKey.LeaveGroup, 0, 3, 4),
        new(ApiKey.SyncGroup, 0, 3, 4),
        new(ApiKey.DescribeGroups, 0, 5, 5),
        new(ApiKey.ListGroups, 0, 4, 3),
        new(ApiKey.ApiVersions, 0, 3, 3),
        new(ApiKey.CreateTopics, 0, 4, 5),
        new(ApiKey.DeleteTopics, 0, 4, 4),
        new(ApiKey.DeleteRecords, 0, 2, 2),
        new(ApiKey.InitProducerId, 0, 4, 2),
        new(ApiKey.DescribeConfigs, 0, 2, 4),
        new(ApiKey.AlterConfigs, 0, 2, 2),
        new(ApiKey.CreatePartitions, 0, 2, 2),
        new(ApiKey.DeleteGroups, 0, 2, 2),
        new(ApiKey.IncrementalAlterConfigs, 0, 1, 1),
        new(ApiKey.OffsetDelete, 0, 0, 1),
        new(ApiKey.DescribeCluster, 0, 1, 0),
    }.ToFrozenDictionary(a => a.Key);

    /// <summary>Every supported API, ordered by key.</summary>
    public static IReadOnlyList<ApiVersionRange> All { get; } = [.. Apis.Values.OrderBy(a => a.Key)];

    /// <summary>
    /// What ApiVersions advertises: <see cref="All"/>, except that Produce is listed from v0. librdkafka before 2.10
    /// enables gzip, snappy and lz4 only if the broker lists Produce v0 (librdkafka issue #4956); Apache Kafka 4.0
    /// advertises v0-v2 for the same reason (KAFKA-18659) while refusing them. Requests below the real minimum
    /// are still refused.
    /// </summary>
    public static IReadOnlyList<ApiVersionRange> Advertised { get; } =
        [.. All.Select(a => a.Key == ApiKey.Produce ? a with { MinVersion = 0 } : a)];

    /// <summary>Looks up the supported range of an API.</summary>
    public static bool TryGet(ApiKey key, out ApiVersionRange range) => Apis.TryGetValue(key, out range!);

    /// <summary>True when <paramref name="version"/> of <paramref name="key"/> is implemented.</summary>
    public static bool IsSupported(ApiKey key, short version) =>
        Apis.TryGetValue(key, out var range) && version >= range.MinVersion && version <= range.MaxVersion;

    /// <summary>
    /// True when requests of this version use the flexible encoding. Unknown APIs are treated as not
    /// flexible; ApiVersions newer than supported are treated as flexible (KIP-511: a newer client's header is v2).
    /// </summary>
    public static bool IsFlexible(ApiKey key, short version) =>
        Apis.TryGetValue(key, out var range) && version >= range.FirstFlexibleVersion;
}
