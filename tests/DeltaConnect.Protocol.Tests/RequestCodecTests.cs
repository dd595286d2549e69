using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Record = DeltaConnect.Protocol.Records.Record;

namespace DeltaConnect.Protocol.Tests;

/// <summary>
/// Request frames hand-assembled from the Kafka message schemas (field order by version), parsed with
/// <see cref="RequestHeader.Read"/> and the message's reader: Produce, Fetch, Metadata, JoinGroup, OffsetCommit.
/// </summary>
public sealed class RequestCodecTests
{
    [Fact]
    public void Produce_v3_reads_the_classic_encoding_and_slices_records_from_the_frame()
    {
        var batch = SampleBatch();
        var frame = Codec.Header(ApiKey.Produce, 3, correlationId: 42, clientId: "producer-1")
            .Str("txn-1")             // transactional_id
            .I16(-1)                  // acks
            .I32(30_000)              // timeout_ms
            .ArrayLength(1)           // topic_data
            .Str("orders")
            .ArrayLength(2)           // partition_data
            .I32(0).Bytes(batch)
            .I32(1).Bytes(null)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = ProduceRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(new RequestHeader(ApiKey.Produce, 3, 42, "producer-1"), header);
        Assert.Equal("txn-1", request.TransactionalId);
        Assert.Equal(-1, request.Acks);
        Assert.Equal(30_000, request.TimeoutMs);
        var topic = Assert.Single(request.Topics);
        Assert.Equal("orders", topic.Name);
        Assert.Equal(2, topic.Partitions.Count);
        Assert.Equal(0, topic.Partitions[0].Index);
        Assert.Equal(Codec.Hex(batch), Codec.Hex(topic.Partitions[0].Records));
        Assert.Equal(1, topic.Partitions[1].Index);
        Assert.Null(topic.Partitions[1].Records);
        Assert.Equal(0, reader.Remaining);

        // The records still validate: they are the producer's bytes, not a re-encoding.
        Assert.Equal(2, RecordBatchHeader.ReadValidated(topic.Partitions[0].Records!.Value.Span).RecordCount);
    }

    [Fact]
    public void Produce_v9_reads_the_flexible_encoding_with_tagged_fields()
    {
        var batch = SampleBatch();
        var frame = new Wire()
            .I16(0).I16(9).I32(5).Str("rdkafka")
            .UVarInt(1).UVarInt(0).UVarInt(2).Raw(0xAB, 0xCD) // header tagged field
            .CompactStr(null)                                // transactional_id
            .I16(1)                                          // acks
            .I32(1500)                                       // timeout_ms
            .CompactArrayLength(2)
            .CompactStr("a")
            .CompactArrayLength(1)
            .I32(3).CompactBytes(batch)
            .UVarInt(1).UVarInt(7).UVarInt(1).Raw(0xEE)      // partition tagged field
            .NoTags()                                        // topic
            .CompactStr("b")
            .CompactArrayLength(0)
            .NoTags()
            .NoTags()                                        // body
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = ProduceRequest.Read(ref reader, header.ApiVersion);

        Assert.True(header.Flexible);
        Assert.Equal("rdkafka", header.ClientId);
        Assert.Null(request.TransactionalId);
        Assert.Equal(1, request.Acks);
        Assert.Equal(1500, request.TimeoutMs);
        Assert.Equal(["a", "b"], request.Topics.Select(t => t.Name));
        var partition = Assert.Single(request.Topics[0].Partitions);
        Assert.Equal(3, partition.Index);
        Assert.Equal(Codec.Hex(batch), Codec.Hex(partition.Records));
        Assert.Empty(request.Topics[1].Partitions);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Fetch_v4_reads_fields_up_to_isolation_level_and_defaults_the_rest()
    {
        var frame = Codec.Header(ApiKey.Fetch, 4)
            .I32(-1)                   // replica_id
            .I32(500)                  // max_wait_ms
            .I32(1)                    // min_bytes
            .I32(52_428_800)           // max_bytes
            .I8(1)                     // isolation_level
            .ArrayLength(1)
            .Str("events")
            .ArrayLength(2)
            .I32(0).I64(100).I32(1_048_576)  // partition, fetch_offset, partition_max_bytes
            .I32(1).I64(200).I32(65_536)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = FetchRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(-1, request.ReplicaId);
        Assert.Equal(500, request.MaxWaitMs);
        Assert.Equal(1, request.MinBytes);
        Assert.Equal(52_428_800, request.MaxBytes);
        Assert.Equal(1, request.IsolationLevel);
        Assert.Equal(0, request.SessionId);
        Assert.Equal(-1, request.SessionEpoch);
        var topic = Assert.Single(request.Topics);
        Assert.Equal("events", topic.Topic);
        Assert.Equal(
            [new FetchRequest.FetchPartition(0, -1, 100, -1, 1_048_576), new FetchRequest.FetchPartition(1, -1, 200, -1, 65_536)],
            topic.Partitions);
        Assert.Empty(request.ForgottenTopics);
        Assert.Equal("", request.RackId);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Fetch_v12_reads_sessions_epochs_forgotten_topics_rack_and_skips_the_cluster_id_tag()
    {
        var clusterIdTag = new Wire().CompactStr("cluster-x").ToArray();
        var frame = Codec.Header(ApiKey.Fetch, 12, flexible: true)
            .I32(-1).I32(500).I32(1).I32(int.MaxValue).I8(0)
            .I32(123)                         // session_id
            .I32(4)                           // session_epoch
            .CompactArrayLength(1)
            .CompactStr("events")
            .CompactArrayLength(1)
            .I32(2)                           // partition
            .I32(7)                           // current_leader_epoch
            .I64(300)                         // fetch_offset
            .I32(6)                           // last_fetched_epoch
            .I64(10)                          // log_start_offset
            .I32(1024)                        // partition_max_bytes
            .NoTags()
            .NoTags()
            .CompactArrayLength(1)            // forgotten_topics_data
            .CompactStr("old").CompactArrayLength(2).I32(5).I32(6).NoTags()
            .CompactStr("rack-a")             // rack_id
            .UVarInt(1).UVarInt(0).UVarInt((ulong)clusterIdTag.Length).Raw(clusterIdTag)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = FetchRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(int.MaxValue, request.MaxBytes);
        Assert.Equal(0, request.IsolationLevel);
        Assert.Equal(123, request.SessionId);
        Assert.Equal(4, request.SessionEpoch);
        Assert.Equal(new FetchRequest.FetchPartition(2, 7, 300, 10, 1024), Assert.Single(Assert.Single(request.Topics).Partitions));
        var forgotten = Assert.Single(request.ForgottenTopics);
        Assert.Equal("old", forgotten.Topic);
        Assert.Equal([5, 6], forgotten.Partitions);
        Assert.Equal("rack-a", request.RackId);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Metadata_v0_empty_topic_array_means_all_topics()
    {
        var frame = Codec.Header(ApiKey.Metadata, 0).ArrayLength(0).ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = MetadataRequest.Read(ref reader, header.ApiVersion);

        Assert.Null(request.Topics);
        Assert.True(request.AllowAutoTopicCreation);
        Assert.False(request.IncludeTopicAuthorizedOperations);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Metadata_v0_reads_named_topics()
    {
        var frame = Codec.Header(ApiKey.Metadata, 0).ArrayLength(2).Str("a").Str("b").ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = MetadataRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(["a", "b"], request.Topics!.Select(t => t.Name));
        Assert.All(request.Topics!, t => Assert.Equal(Guid.Empty, t.TopicId));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Metadata_v1_null_topic_array_means_all_topics_and_empty_means_none()
    {
        var all = Codec.Header(ApiKey.Metadata, 1).ArrayLength(-1).ToArray();
        var none = Codec.Header(ApiKey.Metadata, 1).ArrayLength(0).ToArray();

        var header = Codec.ReadHeader(all, out var reader);
        var allRequest = MetadataRequest.Read(ref reader, header.ApiVersion);
        Codec.ReadHeader(none, out var noneReader);
        var noneRequest = MetadataRequest.Read(ref noneReader, 1);

        Assert.Null(allRequest.Topics);
        Assert.NotNull(noneRequest.Topics);
        Assert.Empty(noneRequest.Topics);
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(0, noneReader.Remaining);
    }

    [Fact]
    public void Metadata_v4_reads_allow_auto_topic_creation()
    {
        var frame = Codec.Header(ApiKey.Metadata, 4).ArrayLength(1).Str("t").Bool(false).ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = MetadataRequest.Read(ref reader, header.ApiVersion);

        Assert.False(request.AllowAutoTopicCreation);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Metadata_v8_reads_both_authorized_operations_flags()
    {
        var frame = Codec.Header(ApiKey.Metadata, 8).ArrayLength(-1).Bool(true).Bool(true).Bool(true).ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = MetadataRequest.Read(ref reader, header.ApiVersion);

        Assert.Null(request.Topics);
        Assert.True(request.IncludeTopicAuthorizedOperations);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Metadata_v9_is_flexible_and_still_has_the_cluster_authorized_operations_flag()
    {
        var frame = Codec.Header(ApiKey.Metadata, 9, flexible: true)
            .CompactArrayLength(1).CompactStr("t").NoTags()
            .Bool(true)   // allow_auto_topic_creation
            .Bool(false)  // include_cluster_authorized_operations (v8-10)
            .Bool(true)   // include_topic_authorized_operations
            .NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = MetadataRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal("t", Assert.Single(request.Topics!).Name);
        Assert.True(request.AllowAutoTopicCreation);
        Assert.True(request.IncludeTopicAuthorizedOperations);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Metadata_v12_reads_topic_ids_and_nullable_names()
    {
        var frame = Codec.Header(ApiKey.Metadata, 12, flexible: true)
            .CompactArrayLength(2)
            .Uuid(0x0102030405060708, 0x090A0B0C0D0E0F10).CompactStr(null).NoTags()
            .Uuid(0, 0).CompactStr("by-name").NoTags()
            .Bool(false)  // allow_auto_topic_creation
            .Bool(true)   // include_topic_authorized_operations
            .NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = MetadataRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(
            [
                new MetadataRequest.Topic(Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"), null),
                new MetadataRequest.Topic(Guid.Empty, "by-name"),
            ],
            request.Topics!);
        Assert.False(request.AllowAutoTopicCreation);
        Assert.True(request.IncludeTopicAuthorizedOperations);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Join_group_v5_reads_group_instance_id_and_protocols()
    {
        var frame = Codec.Header(ApiKey.JoinGroup, 5)
            .Str("group")
            .I32(10_000)          // session_timeout_ms
            .I32(300_000)         // rebalance_timeout_ms
            .Str("")              // member_id
            .Str("instance-1")    // group_instance_id
            .Str("consumer")
            .ArrayLength(2)
            .Str("range").Bytes([1, 2, 3])
            .Str("roundrobin").Bytes([])
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = JoinGroupRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal("group", request.GroupId);
        Assert.Equal(10_000, request.SessionTimeoutMs);
        Assert.Equal(300_000, request.RebalanceTimeoutMs);
        Assert.Equal("", request.MemberId);
        Assert.Equal("instance-1", request.GroupInstanceId);
        Assert.Equal("consumer", request.ProtocolType);
        Assert.Equal(["range", "roundrobin"], request.Protocols.Select(p => p.Name));
        Assert.Equal([1, 2, 3], request.Protocols[0].Metadata);
        Assert.Empty(request.Protocols[1].Metadata);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Join_group_v4_has_a_rebalance_timeout_but_no_group_instance_id()
    {
        var frame = Codec.Header(ApiKey.JoinGroup, 4)
            .Str("g").I32(6000).I32(60_000).Str("m").Str("consumer")
            .ArrayLength(1).Str("range").Bytes([7])
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = JoinGroupRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(60_000, request.RebalanceTimeoutMs);
        Assert.Null(request.GroupInstanceId);
        Assert.Equal("consumer", request.ProtocolType);
        Assert.Equal([7], Assert.Single(request.Protocols).Metadata);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Join_group_v0_uses_the_session_timeout_as_rebalance_timeout()
    {
        var frame = Codec.Header(ApiKey.JoinGroup, 0)
            .Str("g").I32(6000).Str("m").Str("consumer")
            .ArrayLength(1).Str("range").Bytes([9])
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = JoinGroupRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(6000, request.RebalanceTimeoutMs);
        Assert.Null(request.GroupInstanceId);
        Assert.Equal("m", request.MemberId);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Offset_commit_v2_reads_retention_time()
    {
        var frame = Codec.Header(ApiKey.OffsetCommit, 2)
            .Str("g")
            .I32(5)                  // generation_id
            .Str("member")
            .I64(86_400_000)         // retention_time_ms (v2-4)
            .ArrayLength(1)
            .Str("t")
            .ArrayLength(1)
            .I32(0).I64(42).Str("meta")
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = OffsetCommitRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal("g", request.GroupId);
        Assert.Equal(5, request.GenerationId);
        Assert.Equal("member", request.MemberId);
        Assert.Null(request.GroupInstanceId);
        Assert.Equal(86_400_000, request.RetentionTimeMs);
        var topic = Assert.Single(request.Topics);
        Assert.Equal("t", topic.Name);
        Assert.Equal(new OffsetCommitRequest.Partition(0, 42, -1, "meta"), Assert.Single(topic.Partitions));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Offset_commit_v1_skips_the_commit_timestamp()
    {
        var frame = Codec.Header(ApiKey.OffsetCommit, 1)
            .Str("g").I32(5).Str("member")
            .ArrayLength(1).Str("t")
            .ArrayLength(1).I32(3).I64(99).I64(1_700_000_000_000).Str(null)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = OffsetCommitRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(-1, request.RetentionTimeMs);
        Assert.Equal(new OffsetCommitRequest.Partition(3, 99, -1, null), Assert.Single(Assert.Single(request.Topics).Partitions));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Offset_commit_v0_has_only_group_and_offsets()
    {
        var frame = Codec.Header(ApiKey.OffsetCommit, 0)
            .Str("g")
            .ArrayLength(1).Str("t").ArrayLength(1).I32(0).I64(7).Str("")
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = OffsetCommitRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(-1, request.GenerationId);
        Assert.Equal("", request.MemberId);
        Assert.Equal(new OffsetCommitRequest.Partition(0, 7, -1, ""), Assert.Single(Assert.Single(request.Topics).Partitions));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Offset_commit_v7_reads_group_instance_id_and_leader_epoch_without_retention_time()
    {
        var frame = Codec.Header(ApiKey.OffsetCommit, 7)
            .Str("g")
            .I32(5)
            .Str("member")
            .Str("static-1")          // group_instance_id (v7+); retention_time_ms ended with v4
            .ArrayLength(1)
            .Str("t")
            .ArrayLength(1)
            .I32(2).I64(1234).I32(8).Str("m")
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = OffsetCommitRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal("static-1", request.GroupInstanceId);
        Assert.Equal(-1, request.RetentionTimeMs);
        Assert.Equal(new OffsetCommitRequest.Partition(2, 1234, 8, "m"), Assert.Single(Assert.Single(request.Topics).Partitions));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Offset_commit_v5_has_neither_retention_time_nor_leader_epoch()
    {
        var frame = Codec.Header(ApiKey.OffsetCommit, 5)
            .Str("g").I32(5).Str("member")
            .ArrayLength(1).Str("t").ArrayLength(1).I32(0).I64(10).Str(null)
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = OffsetCommitRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal(-1, request.RetentionTimeMs);
        Assert.Equal(new OffsetCommitRequest.Partition(0, 10, -1, null), Assert.Single(Assert.Single(request.Topics).Partitions));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Offset_commit_v8_reads_the_flexible_encoding_with_leader_epochs()
    {
        var frame = Codec.Header(ApiKey.OffsetCommit, 8, flexible: true)
            .CompactStr("g")
            .I32(5)
            .CompactStr("member")
            .CompactStr("static-1")                               // group_instance_id
            .CompactArrayLength(1)
            .CompactStr("t")
            .CompactArrayLength(2)
            .I32(0).I64(42).I32(3).CompactStr("m").NoTags()       // committed_leader_epoch 3
            .I32(1).I64(43).I32(-1).CompactStr(null).NoTags()
            .NoTags()
            .NoTags()
            .ToArray();

        var header = Codec.ReadHeader(frame, out var reader);
        var request = OffsetCommitRequest.Read(ref reader, header.ApiVersion);

        Assert.Equal("static-1", request.GroupInstanceId);
        Assert.Equal(-1, request.RetentionTimeMs);
        Assert.Equal(
            [new OffsetCommitRequest.Partition(0, 42, 3, "m"), new OffsetCommitRequest.Partition(1, 43, -1, null)],
            Assert.Single(request.Topics).Partitions);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Truncated_produce_request_names_the_missing_field()
    {
        var frame = Codec.Header(ApiKey.Produce, 3)
            .Str(null).I16(1).I32(100)
            .ArrayLength(1).Str("t").ArrayLength(1).I32(0).I32(50).Raw(1, 2, 3)
            .ToArray();

        Codec.ReadHeader(frame, out var reader);
        var error = Assert.Throws<ProtocolException>(() => ProduceRequest.Read(ref reader, 3));

        Assert.Contains("'records'", error.Message, StringComparison.Ordinal);
    }

    private static byte[] SampleBatch()
    {
        using var output = new PooledBufferWriter();
        RecordBatchBuilder.Write(
            output,
            [
                new Record(0, 1000, "k"u8.ToArray(), "v"u8.ToArray(), []),
                new Record(1, 1001, null, null, []),
            ],
            new RecordBatchOptions());
        return output.WrittenSpan.ToArray();
    }
}
