using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Protocol.Tests;

/// <summary>
/// Hand-assembled request frames for the remaining APIs: ApiVersions, offsets, group membership and admin.
/// Every test checks that the reader consumed the whole frame.
/// </summary>
public sealed class GroupAndAdminRequestCodecTests
{
    [Fact]
    public void Api_versions_v3_reads_client_software_name_and_version()
    {
        var frame = Codec.Header(ApiKey.ApiVersions, 3, flexible: true)
            .CompactStr("librdkafka").CompactStr("2.3.0").NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = ApiVersionsRequest.Read(ref reader, header.ApiVersion);

        Assert.True(header.Flexible);
        Assert.Equal(new ApiVersionsRequest("librdkafka", "2.3.0"), request);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Api_versions_v0_has_an_empty_body()
    {
        var frame = Codec.Header(ApiKey.ApiVersions, 0).ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = ApiVersionsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(new ApiVersionsRequest(null, null), request);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void List_offsets_v1_reads_timestamps_without_isolation_level()
    {
        var frame = Codec.Header(ApiKey.ListOffsets, 1)
            .I32(-1)
            .ArrayLength(1).Str("t").ArrayLength(2)
            .I32(0).I64(ListOffsetsRequest.Earliest)
            .I32(1).I64(ListOffsetsRequest.Latest)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = ListOffsetsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(-1, request.ReplicaId);
        Assert.Equal(0, request.IsolationLevel);
        Assert.Equal(
            [new ListOffsetsRequest.Partition(0, -1, -2), new ListOffsetsRequest.Partition(1, -1, -1)],
            Assert.Single(request.Topics).Partitions);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void List_offsets_v6_reads_the_flexible_encoding_with_leader_epoch()
    {
        var frame = Codec.Header(ApiKey.ListOffsets, 6, flexible: true)
            .I32(-1).I8(1)
            .CompactArrayLength(1).CompactStr("t")
            .CompactArrayLength(1).I32(4).I32(9).I64(1_700_000_000_000).NoTags()
            .NoTags()
            .NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = ListOffsetsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(1, request.IsolationLevel);
        Assert.Equal(new ListOffsetsRequest.Partition(4, 9, 1_700_000_000_000), Assert.Single(Assert.Single(request.Topics).Partitions));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Offset_fetch_v1_reads_topics_and_partitions()
    {
        var frame = Codec.Header(ApiKey.OffsetFetch, 1)
            .Str("g").ArrayLength(1).Str("t").ArrayLength(2).I32(0).I32(1)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = OffsetFetchRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal("g", request.GroupId);
        var topic = Assert.Single(request.Topics!);
        Assert.Equal("t", topic.Name);
        Assert.Equal([0, 1], topic.PartitionIndexes);
        Assert.False(request.RequireStable);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Offset_fetch_v7_null_topics_means_all_and_reads_require_stable()
    {
        var frame = Codec.Header(ApiKey.OffsetFetch, 7, flexible: true)
            .CompactStr("g").CompactArrayLength(-1).Bool(true).NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = OffsetFetchRequest.Read(ref reader, header.ApiVersion);

        Assert.Null(request.Topics);
        Assert.True(request.RequireStable);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Find_coordinator_v0_has_only_the_key()
    {
        var frame = Codec.Header(ApiKey.FindCoordinator, 0).Str("group-1").ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new FindCoordinatorRequest("group-1", 0), FindCoordinatorRequest.Read(ref reader, header.ApiVersion));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Find_coordinator_v2_reads_the_key_type()
    {
        var frame = Codec.Header(ApiKey.FindCoordinator, 2).Str("txn").I8(1).ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new FindCoordinatorRequest("txn", 1), FindCoordinatorRequest.Read(ref reader, header.ApiVersion));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Heartbeat_v3_reads_group_instance_id()
    {
        var frame = Codec.Header(ApiKey.Heartbeat, 3).Str("g").I32(8).Str("m").Str("i").ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new HeartbeatRequest("g", 8, "m", "i"), HeartbeatRequest.Read(ref reader, header.ApiVersion));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Heartbeat_v0_has_no_group_instance_id()
    {
        var frame = Codec.Header(ApiKey.Heartbeat, 0).Str("g").I32(8).Str("m").ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new HeartbeatRequest("g", 8, "m", null), HeartbeatRequest.Read(ref reader, header.ApiVersion));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Leave_group_v0_reads_one_member()
    {
        var frame = Codec.Header(ApiKey.LeaveGroup, 0).Str("g").Str("m").ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = LeaveGroupRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal("g", request.GroupId);
        Assert.Equal(new LeaveGroupRequest.Member("m", null), Assert.Single(request.Members));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Leave_group_v3_reads_a_batch_of_members()
    {
        var frame = Codec.Header(ApiKey.LeaveGroup, 3)
            .Str("g").ArrayLength(2).Str("m1").Str(null).Str("m2").Str("i2")
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = LeaveGroupRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal([new LeaveGroupRequest.Member("m1", null), new LeaveGroupRequest.Member("m2", "i2")], request.Members);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Sync_group_v3_reads_assignments()
    {
        var frame = Codec.Header(ApiKey.SyncGroup, 3)
            .Str("g").I32(2).Str("leader").Str(null)
            .ArrayLength(2).Str("leader").Bytes([1, 2]).Str("follower").Bytes([])
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = SyncGroupRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal("g", request.GroupId);
        Assert.Equal(2, request.GenerationId);
        Assert.Equal("leader", request.MemberId);
        Assert.Null(request.GroupInstanceId);
        Assert.Equal(["leader", "follower"], request.Assignments.Select(a => a.MemberId));
        Assert.Equal([1, 2], request.Assignments[0].Data);
        Assert.Empty(request.Assignments[1].Data);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Describe_groups_v0_reads_group_ids()
    {
        var frame = Codec.Header(ApiKey.DescribeGroups, 0).ArrayLength(2).Str("a").Str("b").ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = DescribeGroupsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(["a", "b"], request.Groups);
        Assert.False(request.IncludeAuthorizedOperations);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Describe_groups_v5_reads_the_flexible_encoding()
    {
        var frame = Codec.Header(ApiKey.DescribeGroups, 5, flexible: true)
            .CompactArrayLength(1).CompactStr("a").Bool(true).NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = DescribeGroupsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(["a"], request.Groups);
        Assert.True(request.IncludeAuthorizedOperations);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void List_groups_v4_reads_the_states_filter()
    {
        var frame = Codec.Header(ApiKey.ListGroups, 4, flexible: true)
            .CompactArrayLength(2).CompactStr("Stable").CompactStr("Empty").NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = ListGroupsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(["Stable", "Empty"], request.StatesFilter);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void List_groups_v3_is_flexible_with_an_empty_body()
    {
        var frame = Codec.Header(ApiKey.ListGroups, 3, flexible: true).NoTags().ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = ListGroupsRequest.Read(ref reader, header.ApiVersion);

        Assert.Empty(request.StatesFilter);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Create_topics_v4_reads_topics_assignments_configs_and_validate_only()
    {
        var frame = Codec.Header(ApiKey.CreateTopics, 4)
            .ArrayLength(2)
            .Str("compacted").I32(3).I16(-1)
            .ArrayLength(0)
            .ArrayLength(2).Str("cleanup.policy").Str("compact").Str("retention.ms").Str(null)
            .Str("manual").I32(-1).I16(-1)
            .ArrayLength(1).I32(0).ArrayLength(2).I32(1).I32(2)
            .ArrayLength(0)
            .I32(30_000)
            .Bool(true)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = CreateTopicsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(30_000, request.TimeoutMs);
        Assert.True(request.ValidateOnly);
        Assert.Equal(2, request.Topics.Count);
        var compacted = request.Topics[0];
        Assert.Equal(("compacted", 3, (short)-1), (compacted.Name, compacted.NumPartitions, compacted.ReplicationFactor));
        Assert.Empty(compacted.Assignments);
        Assert.Equal(
            [new CreateTopicsRequest.Config("cleanup.policy", "compact"), new CreateTopicsRequest.Config("retention.ms", null)],
            compacted.Configs);
        var manual = request.Topics[1];
        var assignment = Assert.Single(manual.Assignments);
        Assert.Equal(0, assignment.PartitionIndex);
        Assert.Equal([1, 2], assignment.BrokerIds);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Create_topics_v0_has_no_validate_only_flag()
    {
        var frame = Codec.Header(ApiKey.CreateTopics, 0)
            .ArrayLength(1).Str("t").I32(1).I16(1).ArrayLength(0).ArrayLength(0)
            .I32(1000)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = CreateTopicsRequest.Read(ref reader, header.ApiVersion);

        Assert.False(request.ValidateOnly);
        Assert.Equal("t", Assert.Single(request.Topics).Name);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Delete_topics_v4_reads_the_flexible_encoding()
    {
        var frame = Codec.Header(ApiKey.DeleteTopics, 4, flexible: true)
            .CompactArrayLength(2).CompactStr("a").CompactStr("b").I32(1000).NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = DeleteTopicsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(["a", "b"], request.TopicNames);
        Assert.Equal(1000, request.TimeoutMs);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Delete_records_v2_reads_the_flexible_encoding()
    {
        var frame = Codec.Header(ApiKey.DeleteRecords, 2, flexible: true)
            .CompactArrayLength(1).CompactStr("t")
            .CompactArrayLength(2).I32(0).I64(50).NoTags().I32(1).I64(-1).NoTags()
            .NoTags()
            .I32(2000)
            .NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = DeleteRecordsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(2000, request.TimeoutMs);
        Assert.Equal(
            [new DeleteRecordsRequest.Partition(0, 50), new DeleteRecordsRequest.Partition(1, -1)],
            Assert.Single(request.Topics).Partitions);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Init_producer_id_v3_reads_producer_id_and_epoch()
    {
        var frame = Codec.Header(ApiKey.InitProducerId, 3, flexible: true)
            .CompactStr(null).I32(60_000).I64(12).I16(3).NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new InitProducerIdRequest(null, 60_000, 12, 3), InitProducerIdRequest.Read(ref reader, header.ApiVersion));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Init_producer_id_v0_reads_transactional_id_and_timeout()
    {
        var frame = Codec.Header(ApiKey.InitProducerId, 0).Str("txn").I32(1000).ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new InitProducerIdRequest("txn", 1000, -1, -1), InitProducerIdRequest.Read(ref reader, header.ApiVersion));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Describe_configs_v1_reads_resources_with_null_keys_and_synonyms_flag()
    {
        var frame = Codec.Header(ApiKey.DescribeConfigs, 1)
            .ArrayLength(2)
            .I8(2).Str("t").ArrayLength(-1)
            .I8(4).Str("1").ArrayLength(1).Str("log.retention.ms")
            .Bool(true)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = DescribeConfigsRequest.Read(ref reader, header.ApiVersion);

        Assert.True(request.IncludeSynonyms);
        Assert.Equal(ConfigResourceType.Topic, request.Resources[0].Type);
        Assert.Null(request.Resources[0].ConfigurationKeys);
        Assert.Equal(ConfigResourceType.Broker, request.Resources[1].Type);
        Assert.Equal(["log.retention.ms"], request.Resources[1].ConfigurationKeys!);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Alter_configs_v0_reads_every_entry_as_a_set()
    {
        var frame = Codec.Header(ApiKey.AlterConfigs, 0)
            .ArrayLength(1).I8(2).Str("t").ArrayLength(1).Str("retention.ms").Str("1000")
            .Bool(false)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = AlterConfigsRequest.ReadAlterConfigs(ref reader, header.ApiVersion);

        Assert.False(request.Incremental);
        Assert.False(request.ValidateOnly);
        var resource = Assert.Single(request.Resources);
        Assert.Equal((ConfigResourceType.Topic, "t"), (resource.Type, resource.Name));
        Assert.Equal(new AlterConfigsRequest.Config("retention.ms", ConfigOperation.Set, "1000"), Assert.Single(resource.Configs));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Incremental_alter_configs_v1_reads_operations_in_the_flexible_encoding()
    {
        var frame = Codec.Header(ApiKey.IncrementalAlterConfigs, 1, flexible: true)
            .CompactArrayLength(1).I8(2).CompactStr("t")
            .CompactArrayLength(2)
            .CompactStr("retention.ms").I8(0).CompactStr("5").NoTags()
            .CompactStr("cleanup.policy").I8(1).CompactStr(null).NoTags()
            .NoTags()
            .Bool(true)
            .NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = AlterConfigsRequest.ReadIncremental(ref reader, header.ApiVersion);

        Assert.True(request.Incremental);
        Assert.True(request.ValidateOnly);
        Assert.Equal(
            [
                new AlterConfigsRequest.Config("retention.ms", ConfigOperation.Set, "5"),
                new AlterConfigsRequest.Config("cleanup.policy", ConfigOperation.Delete, null),
            ],
            Assert.Single(request.Resources).Configs);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Create_partitions_v1_reads_counts_and_skips_assignments()
    {
        var frame = Codec.Header(ApiKey.CreatePartitions, 1)
            .ArrayLength(2)
            .Str("a").I32(6).ArrayLength(-1)
            .Str("b").I32(3).ArrayLength(1).ArrayLength(2).I32(1).I32(2)
            .I32(1000)
            .Bool(true)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = CreatePartitionsRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal([new CreatePartitionsRequest.Topic("a", 6), new CreatePartitionsRequest.Topic("b", 3)], request.Topics);
        Assert.Equal(1000, request.TimeoutMs);
        Assert.True(request.ValidateOnly);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Delete_groups_v2_reads_the_flexible_encoding()
    {
        var frame = Codec.Header(ApiKey.DeleteGroups, 2, flexible: true)
            .CompactArrayLength(2).CompactStr("g1").CompactStr("g2").NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(["g1", "g2"], DeleteGroupsRequest.Read(ref reader, header.ApiVersion).GroupIds);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Describe_cluster_v1_reads_the_endpoint_type()
    {
        var frame = Codec.Header(ApiKey.DescribeCluster, 1, flexible: true).Bool(true).I8(2).NoTags().ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.Equal(new DescribeClusterRequest(true, 2), DescribeClusterRequest.Read(ref reader, header.ApiVersion));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Describe_cluster_v0_is_flexible_and_defaults_to_brokers()
    {
        var frame = Codec.Header(ApiKey.DescribeCluster, 0, flexible: true).Bool(false).NoTags().ToArray();

        var header = Codec.ReadHeader(frame, out var reader);

        Assert.True(header.Flexible);
        Assert.Equal(new DescribeClusterRequest(false, 1), DescribeClusterRequest.Read(ref reader, header.ApiVersion));
        Assert.Equal(0, reader.Remaining);
    }
}
