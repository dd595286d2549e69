using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Protocol.Tests;

/// <summary>
/// Response bodies for offsets, group membership and admin APIs, compared with bodies hand-assembled from the
/// Kafka message schemas.
/// </summary>
public sealed class GroupAndAdminResponseCodecTests
{
    [Fact]
    public void List_offsets_v1_has_no_throttle_and_no_leader_epoch()
    {
        var response = new ListOffsetsResponse([new ListOffsetsResponse.Topic("t", [new ListOffsetsResponse.Partition(0, ErrorCode.None, -1, 42, 3)])]);

        var body = Codec.WriteBody(ApiKey.ListOffsets, 1, response.Write);

        Assert.Equal(new Wire().ArrayLength(1).Str("t").ArrayLength(1).I32(0).I16(0).I64(-1).I64(42).Hex(), Codec.Hex(body));
    }

    [Fact]
    public void List_offsets_v6_is_flexible_with_throttle_and_leader_epoch()
    {
        var response = new ListOffsetsResponse([new ListOffsetsResponse.Topic("t", [new ListOffsetsResponse.Partition(0, ErrorCode.None, 1000, 42, 3)])]);

        var body = Codec.WriteBody(ApiKey.ListOffsets, 6, response.Write);

        var expected = new Wire()
            .I32(0)
            .CompactArrayLength(1).CompactStr("t")
            .CompactArrayLength(1).I32(0).I16(0).I64(1000).I64(42).I32(3).NoTags()
            .NoTags()
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Offset_commit_v2_has_no_throttle_and_v3_does()
    {
        var response = new OffsetCommitResponse([new OffsetCommitResponse.Topic("t", [new OffsetCommitResponse.Partition(0, ErrorCode.IllegalGeneration)])]);

        var v2 = Codec.WriteBody(ApiKey.OffsetCommit, 2, response.Write);
        var v3 = Codec.WriteBody(ApiKey.OffsetCommit, 3, response.Write);

        var topics = new Wire().ArrayLength(1).Str("t").ArrayLength(1).I32(0).I16(22);
        Assert.Equal(topics.Hex(), Codec.Hex(v2));
        Assert.Equal(new Wire().I32(0).Raw(topics).Hex(), Codec.Hex(v3));
    }

    [Fact]
    public void Offset_commit_v8_is_flexible()
    {
        var response = new OffsetCommitResponse([new OffsetCommitResponse.Topic("t", [new OffsetCommitResponse.Partition(1, ErrorCode.None)])]);

        var body = Codec.WriteBody(ApiKey.OffsetCommit, 8, response.Write);

        var expected = new Wire()
            .I32(0)
            .CompactArrayLength(1).CompactStr("t")
            .CompactArrayLength(1).I32(1).I16(0).NoTags()
            .NoTags()
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Offset_fetch_v1_has_partitions_only()
    {
        var response = SampleOffsetFetch();

        var body = Codec.WriteBody(ApiKey.OffsetFetch, 1, response.Write);

        var expected = new Wire()
            .ArrayLength(1).Str("t")
            .ArrayLength(2)
            .I32(0).I64(42).Str("meta").I16(0)
            .I32(1).I64(-1).Str(null).I16(0);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Offset_fetch_v5_adds_throttle_leader_epoch_and_top_level_error()
    {
        var response = SampleOffsetFetch();

        var body = Codec.WriteBody(ApiKey.OffsetFetch, 5, response.Write);

        var expected = new Wire()
            .I32(0)
            .ArrayLength(1).Str("t")
            .ArrayLength(2)
            .I32(0).I64(42).I32(7).Str("meta").I16(0)
            .I32(1).I64(-1).I32(-1).Str(null).I16(0)
            .I16(14);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Offset_fetch_v6_is_flexible()
    {
        var response = SampleOffsetFetch();

        var body = Codec.WriteBody(ApiKey.OffsetFetch, 6, response.Write);

        var expected = new Wire()
            .I32(0)
            .CompactArrayLength(1).CompactStr("t")
            .CompactArrayLength(2)
            .I32(0).I64(42).I32(7).CompactStr("meta").I16(0).NoTags()
            .I32(1).I64(-1).I32(-1).CompactStr(null).I16(0).NoTags()
            .NoTags()
            .I16(14)
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Find_coordinator_v0_has_error_and_node_only()
    {
        var response = new FindCoordinatorResponse(ErrorCode.None, "ignored before v1", new BrokerEndpoint(3, "broker-3", 9093));

        var body = Codec.WriteBody(ApiKey.FindCoordinator, 0, response.Write);

        Assert.Equal(new Wire().I16(0).I32(3).Str("broker-3").I32(9093).Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Find_coordinator_v2_adds_throttle_and_error_message()
    {
        var response = new FindCoordinatorResponse(ErrorCode.CoordinatorNotAvailable, null, new BrokerEndpoint(-1, "", -1));

        var body = Codec.WriteBody(ApiKey.FindCoordinator, 2, response.Write);

        Assert.Equal(new Wire().I32(0).I16(15).Str(null).I32(-1).Str("").I32(-1).Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Join_group_v5_writes_members_with_group_instance_ids()
    {
        var response = new JoinGroupResponse(ErrorCode.None, 4, "range", "m1", "m2",
            [new JoinGroupResponse.Member("m1", "i1", [1, 2]), new JoinGroupResponse.Member("m2", null, [])]);

        var body = Codec.WriteBody(ApiKey.JoinGroup, 5, response.Write);

        var expected = new Wire()
            .I32(0).I16(0).I32(4).Str("range").Str("m1").Str("m2")
            .ArrayLength(2)
            .Str("m1").Str("i1").Bytes([1, 2])
            .Str("m2").Str(null).Bytes([]);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Join_group_v0_writes_a_null_protocol_name_as_empty()
    {
        var response = new JoinGroupResponse(ErrorCode.UnknownMemberId, -1, null, "", "", []);

        var body = Codec.WriteBody(ApiKey.JoinGroup, 0, response.Write);

        Assert.Equal(new Wire().I16(25).I32(-1).Str("").Str("").Str("").ArrayLength(0).Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Sync_group_v0_and_v3_write_the_assignment_bytes()
    {
        var response = new SyncGroupResponse(ErrorCode.None, [0, 1, 2]);

        Assert.Equal(new Wire().I16(0).Bytes([0, 1, 2]).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.SyncGroup, 0, response.Write)));
        Assert.Equal(new Wire().I32(0).I16(0).Bytes([0, 1, 2]).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.SyncGroup, 3, response.Write)));
    }

    [Fact]
    public void Heartbeat_responses_add_throttle_from_v1()
    {
        var response = new ErrorOnlyResponse(ErrorCode.RebalanceInProgress);

        Assert.Equal(new Wire().I16(27).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.Heartbeat, 0, response.Write)));
        Assert.Equal(new Wire().I32(0).I16(27).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.Heartbeat, 3, response.Write)));
    }

    [Fact]
    public void Leave_group_v3_writes_member_results()
    {
        var response = new LeaveGroupResponse(ErrorCode.None, [new LeaveGroupResponse.Member("m", null, ErrorCode.UnknownMemberId)]);

        Assert.Equal(new Wire().I16(0).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.LeaveGroup, 0, response.Write)));
        Assert.Equal(
            new Wire().I32(0).I16(0).ArrayLength(1).Str("m").Str(null).I16(25).Hex(),
            Codec.Hex(Codec.WriteBody(ApiKey.LeaveGroup, 3, response.Write)));
    }

    [Fact]
    public void List_groups_v4_is_flexible_and_writes_group_state()
    {
        var response = new ListGroupsResponse(ErrorCode.None, [new ListGroupsResponse.Group("g", "consumer", "Stable")]);

        var v0 = Codec.WriteBody(ApiKey.ListGroups, 0, response.Write);
        var v4 = Codec.WriteBody(ApiKey.ListGroups, 4, response.Write);

        Assert.Equal(new Wire().I16(0).ArrayLength(1).Str("g").Str("consumer").Hex(), Codec.Hex(v0));
        Assert.Equal(
            new Wire().I32(0).I16(0).CompactArrayLength(1).CompactStr("g").CompactStr("consumer").CompactStr("Stable").NoTags().NoTags().Hex(),
            Codec.Hex(v4));
    }

    [Fact]
    public void Describe_groups_v0_and_v5_follow_the_schema()
    {
        var response = new DescribeGroupsResponse(
        [
            new DescribeGroupsResponse.Group(ErrorCode.None, "g", "Stable", "consumer", "range",
                [new DescribeGroupsResponse.Member("m", "i", "client", "/10.0.0.1", [1], [2, 3])]),
        ]);

        var v0 = Codec.WriteBody(ApiKey.DescribeGroups, 0, response.Write);
        var v5 = Codec.WriteBody(ApiKey.DescribeGroups, 5, response.Write);

        Assert.Equal(
            new Wire()
                .ArrayLength(1).I16(0).Str("g").Str("Stable").Str("consumer").Str("range")
                .ArrayLength(1).Str("m").Str("client").Str("/10.0.0.1").Bytes([1]).Bytes([2, 3])
                .Hex(),
            Codec.Hex(v0));
        Assert.Equal(
            new Wire()
                .I32(0)
                .CompactArrayLength(1).I16(0).CompactStr("g").CompactStr("Stable").CompactStr("consumer").CompactStr("range")
                .CompactArrayLength(1).CompactStr("m").CompactStr("i").CompactStr("client").CompactStr("/10.0.0.1").CompactBytes([1]).CompactBytes([2, 3]).NoTags()
                .I32(int.MinValue)
                .NoTags()
                .NoTags()
                .Hex(),
            Codec.Hex(v5));
    }

    [Fact]
    public void Create_topics_results_add_message_from_v1_and_throttle_from_v2()
    {
        var response = new TopicResultsResponse(ApiKey.CreateTopics, [new TopicResultsResponse.Result("t", ErrorCode.TopicAlreadyExists, "exists")]);

        Assert.Equal(new Wire().ArrayLength(1).Str("t").I16(36).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.CreateTopics, 0, response.Write)));
        Assert.Equal(new Wire().ArrayLength(1).Str("t").I16(36).Str("exists").Hex(), Codec.Hex(Codec.WriteBody(ApiKey.CreateTopics, 1, response.Write)));
        Assert.Equal(new Wire().I32(0).ArrayLength(1).Str("t").I16(36).Str("exists").Hex(), Codec.Hex(Codec.WriteBody(ApiKey.CreateTopics, 4, response.Write)));
    }

    [Fact]
    public void Delete_topics_results_have_no_message_and_v4_is_flexible()
    {
        var response = new TopicResultsResponse(ApiKey.DeleteTopics, [new TopicResultsResponse.Result("t", ErrorCode.None, "not written")]);

        Assert.Equal(new Wire().ArrayLength(1).Str("t").I16(0).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.DeleteTopics, 0, response.Write)));
        Assert.Equal(
            new Wire().I32(0).CompactArrayLength(1).CompactStr("t").I16(0).NoTags().NoTags().Hex(),
            Codec.Hex(Codec.WriteBody(ApiKey.DeleteTopics, 4, response.Write)));
    }

    [Fact]
    public void Create_partitions_results_always_have_throttle_and_message()
    {
        var response = new TopicResultsResponse(ApiKey.CreatePartitions, [new TopicResultsResponse.Result("t", ErrorCode.InvalidPartitions, null)]);

        Assert.Equal(
            new Wire().I32(0).ArrayLength(1).Str("t").I16(37).Str(null).Hex(),
            Codec.Hex(Codec.WriteBody(ApiKey.CreatePartitions, 0, response.Write)));
        Assert.Equal(
            new Wire().I32(0).CompactArrayLength(1).CompactStr("t").I16(37).CompactStr(null).NoTags().NoTags().Hex(),
            Codec.Hex(Codec.WriteBody(ApiKey.CreatePartitions, 2, response.Write)));
    }

    [Fact]
    public void Topic_results_for_another_api_are_refused()
    {
        var response = new TopicResultsResponse(ApiKey.Metadata, []);

        Assert.Throws<InvalidOperationException>(() => Codec.WriteBody(ApiKey.Metadata, 1, response.Write));
    }

    [Fact]
    public void Delete_records_v2_is_flexible()
    {
        var response = new DeleteRecordsResponse([new DeleteRecordsResponse.Topic("t", [new DeleteRecordsResponse.Partition(0, 50, ErrorCode.None)])]);

        var body = Codec.WriteBody(ApiKey.DeleteRecords, 2, response.Write);

        Assert.Equal(
            new Wire().I32(0).CompactArrayLength(1).CompactStr("t").CompactArrayLength(1).I32(0).I64(50).I16(0).NoTags().NoTags().NoTags().Hex(),
            Codec.Hex(body));
    }

    [Fact]
    public void Init_producer_id_v2_is_flexible()
    {
        var response = new InitProducerIdResponse(ErrorCode.None, 1000, 3);

        Assert.Equal(new Wire().I32(0).I16(0).I64(1000).I16(3).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.InitProducerId, 1, response.Write)));
        Assert.Equal(new Wire().I32(0).I16(0).I64(1000).I16(3).NoTags().Hex(), Codec.Hex(Codec.WriteBody(ApiKey.InitProducerId, 2, response.Write)));
    }

    [Fact]
    public void Describe_configs_v0_writes_is_default_and_v1_writes_source_and_synonyms()
    {
        var response = new DescribeConfigsResponse(
        [
            new DescribeConfigsResponse.Result(ErrorCode.None, null, ConfigResourceType.Topic, "t",
            [
                new DescribeConfigsResponse.Config("cleanup.policy", "delete", false, ConfigSource.DefaultConfig, false,
                    [new DescribeConfigsResponse.Synonym("log.cleanup.policy", "delete", ConfigSource.DefaultConfig)]),
                new DescribeConfigsResponse.Config("password", null, true, ConfigSource.TopicConfig, true, []),
            ]),
        ]);

        var v0 = Codec.WriteBody(ApiKey.DescribeConfigs, 0, response.Write);
        var v1 = Codec.WriteBody(ApiKey.DescribeConfigs, 1, response.Write);

        Assert.Equal(
            new Wire()
                .I32(0).ArrayLength(1).I16(0).Str(null).I8(2).Str("t")
                .ArrayLength(2)
                .Str("cleanup.policy").Str("delete").Bool(false).Bool(true).Bool(false)
                .Str("password").Str(null).Bool(true).Bool(false).Bool(true)
                .Hex(),
            Codec.Hex(v0));
        Assert.Equal(
            new Wire()
                .I32(0).ArrayLength(1).I16(0).Str(null).I8(2).Str("t")
                .ArrayLength(2)
                .Str("cleanup.policy").Str("delete").Bool(false).I8(5).Bool(false)
                .ArrayLength(1).Str("log.cleanup.policy").Str("delete").I8(5)
                .Str("password").Str(null).Bool(true).I8(1).Bool(true)
                .ArrayLength(0)
                .Hex(),
            Codec.Hex(v1));
    }

    [Fact]
    public void Alter_configs_responses_are_flexible_from_v2_and_incremental_from_v1()
    {
        var response = new AlterConfigsResponse([new AlterConfigsResponse.Result(ErrorCode.InvalidConfig, "bad", ConfigResourceType.Topic, "t")]);

        Assert.Equal(
            new Wire().I32(0).ArrayLength(1).I16(40).Str("bad").I8(2).Str("t").Hex(),
            Codec.Hex(Codec.WriteBody(ApiKey.AlterConfigs, 1, response.Write)));
        var flexible = new Wire().I32(0).CompactArrayLength(1).I16(40).CompactStr("bad").I8(2).CompactStr("t").NoTags().NoTags().Hex();
        Assert.Equal(flexible, Codec.Hex(Codec.WriteBody(ApiKey.AlterConfigs, 2, response.Write)));
        Assert.Equal(flexible, Codec.Hex(Codec.WriteBody(ApiKey.IncrementalAlterConfigs, 1, response.Write)));
    }

    [Fact]
    public void Delete_groups_v2_is_flexible()
    {
        var response = new DeleteGroupsResponse([new DeleteGroupsResponse.Result("g", ErrorCode.NonEmptyGroup)]);

        Assert.Equal(new Wire().I32(0).ArrayLength(1).Str("g").I16(68).Hex(), Codec.Hex(Codec.WriteBody(ApiKey.DeleteGroups, 0, response.Write)));
        Assert.Equal(
            new Wire().I32(0).CompactArrayLength(1).CompactStr("g").I16(68).NoTags().NoTags().Hex(),
            Codec.Hex(Codec.WriteBody(ApiKey.DeleteGroups, 2, response.Write)));
    }

    [Fact]
    public void Describe_cluster_v0_and_v1_follow_the_schema()
    {
        var response = new DescribeClusterResponse(ErrorCode.None, null, 1, "cluster-1", 2,
            [new BrokerEndpoint(1, "a", 9092, "r1"), new BrokerEndpoint(2, "b", 9093)]);

        var brokers = new Wire()
            .CompactArrayLength(2)
            .I32(1).CompactStr("a").I32(9092).CompactStr("r1").NoTags()
            .I32(2).CompactStr("b").I32(9093).CompactStr(null).NoTags();
        Assert.Equal(
            new Wire().I32(0).I16(0).CompactStr(null).CompactStr("cluster-1").I32(2).Raw(brokers).I32(int.MinValue).NoTags().Hex(),
            Codec.Hex(Codec.WriteBody(ApiKey.DescribeCluster, 0, response.Write)));
        Assert.Equal(
            new Wire().I32(0).I16(0).CompactStr(null).I8(1).CompactStr("cluster-1").I32(2).Raw(brokers).I32(int.MinValue).NoTags().Hex(),
            Codec.Hex(Codec.WriteBody(ApiKey.DescribeCluster, 1, response.Write)));
    }

    private static OffsetFetchResponse SampleOffsetFetch() => new(
        ErrorCode.CoordinatorLoadInProgress,
        [
            new OffsetFetchResponse.Topic("t",
            [
                new OffsetFetchResponse.Partition(0, 42, 7, "meta", ErrorCode.None),
                new OffsetFetchResponse.Partition(1, -1, -1, null, ErrorCode.None),
            ]),
        ]);
}
