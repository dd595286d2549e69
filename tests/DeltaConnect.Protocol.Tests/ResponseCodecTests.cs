using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Protocol.Tests;

/// <summary>
/// Response bodies written by the codecs, compared with bodies hand-assembled from the Kafka message schemas
/// (field order by version): ApiVersions, Metadata, Fetch and Produce.
/// </summary>
public sealed class ResponseCodecTests
{
    private static readonly Guid TopicId = Guid.Parse("0a0b0c0d-0e0f-1011-1213-141516171819");

    [Fact]
    public void Api_versions_v0_is_error_code_and_a_classic_array_of_ranges()
    {
        var response = new ApiVersionsResponse(ErrorCode.None, [new ApiVersionRange(ApiKey.Produce, 3, 9, 9), new ApiVersionRange(ApiKey.Metadata, 0, 12, 9)]);

        var body = Codec.WriteBody(ApiKey.ApiVersions, 0, response.Write);

        var expected = new Wire()
            .I16(0)
            .ArrayLength(2)
            .I16(0).I16(3).I16(9)
            .I16(3).I16(0).I16(12);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Api_versions_v1_adds_the_throttle_time()
    {
        var response = new ApiVersionsResponse(ErrorCode.UnsupportedVersion, [new ApiVersionRange(ApiKey.Fetch, 4, 12, 12)]);

        var body = Codec.WriteBody(ApiKey.ApiVersions, 1, response.Write);

        var expected = new Wire().I16(35).ArrayLength(1).I16(1).I16(4).I16(12).I32(0);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Api_versions_v3_is_compact_with_tagged_fields()
    {
        var response = new ApiVersionsResponse(ErrorCode.None, [new ApiVersionRange(ApiKey.Produce, 3, 9, 9), new ApiVersionRange(ApiKey.Metadata, 0, 12, 9)]);

        var body = Codec.WriteBody(ApiKey.ApiVersions, 3, response.Write);

        var expected = new Wire()
            .I16(0)
            .CompactArrayLength(2)
            .I16(0).I16(3).I16(9).NoTags()
            .I16(3).I16(0).I16(12).NoTags()
            .I32(0)
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Api_versions_response_advertises_the_whole_catalog()
    {
        var response = new ApiVersionsResponse(ErrorCode.None, ApiCatalog.All);

        var body = Codec.WriteBody(ApiKey.ApiVersions, 3, response.Write);

        var expected = new Wire().I16(0).CompactArrayLength(ApiCatalog.All.Count);
        foreach (var api in ApiCatalog.All)
        {
            expected.I16((short)api.Key).I16(api.MinVersion).I16(api.MaxVersion).NoTags();
        }

        Assert.Equal(expected.I32(0).NoTags().Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Metadata_v0_has_brokers_and_topics_only()
    {
        var body = Codec.WriteBody(ApiKey.Metadata, 0, SampleMetadata().Write);

        var expected = new Wire()
            .ArrayLength(1).I32(1).Str("host-a").I32(9092)
            .ArrayLength(1)
            .I16(0).Str("orders")
            .ArrayLength(1)
            .I16(0).I32(0).I32(1)
            .ArrayLength(2).I32(1).I32(2)
            .ArrayLength(1).I32(1);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Metadata_v1_adds_rack_controller_and_is_internal()
    {
        var response = SampleMetadata() with { Brokers = [new BrokerEndpoint(1, "host-a", 9092)] };

        var body = Codec.WriteBody(ApiKey.Metadata, 1, response.Write);

        var expected = new Wire()
            .ArrayLength(1).I32(1).Str("host-a").I32(9092).Str(null)
            .I32(1)                                   // controller_id
            .ArrayLength(1)
            .I16(0).Str("orders").Bool(false)
            .ArrayLength(1)
            .I16(0).I32(0).I32(1)
            .ArrayLength(2).I32(1).I32(2)
            .ArrayLength(1).I32(1);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Metadata_v9_is_flexible_with_cluster_authorized_operations()
    {
        var body = Codec.WriteBody(ApiKey.Metadata, 9, SampleMetadata().Write);

        var expected = new Wire()
            .I32(0)                                                         // throttle_time_ms
            .CompactArrayLength(1).I32(1).CompactStr("host-a").I32(9092).CompactStr("rack-1").NoTags()
            .CompactStr("cluster-1")
            .I32(1)                                                         // controller_id
            .CompactArrayLength(1)
            .I16(0).CompactStr("orders").Bool(false)
            .CompactArrayLength(1)
            .I16(0).I32(0).I32(1).I32(5)                                    // error, index, leader, leader_epoch
            .CompactArrayLength(2).I32(1).I32(2)                            // replica_nodes
            .CompactArrayLength(1).I32(1)                                   // isr_nodes
            .CompactArrayLength(0)                                          // offline_replicas
            .NoTags()
            .I32(int.MinValue)                                              // topic_authorized_operations
            .NoTags()
            .I32(int.MinValue)                                              // cluster_authorized_operations (v8-10)
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Metadata_v12_adds_topic_ids_and_drops_cluster_authorized_operations()
    {
        var response = SampleMetadata() with
        {
            Topics = [new MetadataResponse.Topic(ErrorCode.UnknownTopicOrPartition, "gone", TopicId, true, []) { TopicAuthorizedOperations = 0x0F }],
        };

        var body = Codec.WriteBody(ApiKey.Metadata, 12, response.Write);

        var expected = new Wire()
            .I32(0)
            .CompactArrayLength(1).I32(1).CompactStr("host-a").I32(9092).CompactStr("rack-1").NoTags()
            .CompactStr("cluster-1")
            .I32(1)
            .CompactArrayLength(1)
            .I16(3).CompactStr("gone")
            .Uuid(0x0A0B0C0D0E0F1011, 0x1213141516171819)
            .Bool(true)
            .CompactArrayLength(0)
            .I32(0x0F)
            .NoTags()
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Fetch_v4_writes_partitions_with_null_aborted_transactions_and_classic_records()
    {
        byte[] batch = [0xB0, 0xB1, 0xB2, 0xB3, 0xB4];
        var response = new FetchResponse(ErrorCode.None, 0,
        [
            new FetchResponse.TopicData("events",
            [
                new FetchResponse.PartitionData(0, ErrorCode.None, 100, 90, 5, new ArrayRecords(batch)),
                new FetchResponse.PartitionData(1, ErrorCode.OffsetOutOfRange, -1, -1, -1, null),
            ]),
        ]);

        var body = Codec.WriteBody(ApiKey.Fetch, 4, response.Write);

        var expected = new Wire()
            .I32(0)                                            // throttle_time_ms
            .ArrayLength(1).Str("events")
            .ArrayLength(2)
            .I32(0).I16(0).I64(100).I64(90)                    // no log_start_offset before v5
            .ArrayLength(-1)                                   // aborted_transactions
            .Bytes(batch)
            .I32(1).I16(1).I64(-1).I64(-1)
            .ArrayLength(-1)
            .Bytes([]);                                        // no records: empty, not null
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Fetch_v12_writes_session_log_start_preferred_replica_and_compact_records()
    {
        byte[] batch = [1, 2, 3];
        var response = new FetchResponse(ErrorCode.None, 777,
        [
            new FetchResponse.TopicData("events", [new FetchResponse.PartitionData(2, ErrorCode.None, 100, 90, 5, new ArrayRecords(batch))]),
        ]);

        var body = Codec.WriteBody(ApiKey.Fetch, 12, response.Write);

        var expected = new Wire()
            .I32(0)                                            // throttle_time_ms
            .I16(0)                                            // error_code
            .I32(777)                                          // session_id
            .CompactArrayLength(1).CompactStr("events")
            .CompactArrayLength(1)
            .I32(2).I16(0).I64(100).I64(90).I64(5)
            .CompactArrayLength(-1)                            // aborted_transactions: null
            .I32(-1)                                           // preferred_read_replica
            .CompactBytes(batch)
            .NoTags()
            .NoTags()
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Fetch_v7_writes_top_level_error_and_session_without_tags()
    {
        var response = new FetchResponse(ErrorCode.InvalidRequest, 0, []);

        var body = Codec.WriteBody(ApiKey.Fetch, 7, response.Write);

        Assert.Equal(new Wire().I32(0).I16(42).I32(0).ArrayLength(0).Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Fetch_copies_exactly_the_length_the_records_source_reports()
    {
        var records = new ArrayRecords(Enumerable.Range(0, 300).Select(i => (byte)i).ToArray());
        var response = new FetchResponse(ErrorCode.None, 0, [new FetchResponse.TopicData("t", [new FetchResponse.PartitionData(0, ErrorCode.None, 1, 1, 0, records)])]);

        var body = Codec.WriteBody(ApiKey.Fetch, 12, response.Write);

        Assert.Equal(300, records.LastDestinationLength);
        var expectedPrefix = new Wire().UVarInt(301).Hex();
        var tail = Codec.Hex(body.AsSpan(body.Length - 3 - 300 - 2));
        Assert.StartsWith(expectedPrefix, tail, StringComparison.Ordinal);
    }

    [Fact]
    public void Produce_v3_writes_base_offset_and_log_append_time_then_throttle()
    {
        var response = new ProduceResponse(
        [
            new ProduceResponse.TopicResponse("orders", [new ProduceResponse.PartitionResponse(0, ErrorCode.None, 10, -1, 0, null)]),
        ]);

        var body = Codec.WriteBody(ApiKey.Produce, 3, response.Write);

        var expected = new Wire()
            .ArrayLength(1).Str("orders")
            .ArrayLength(1).I32(0).I16(0).I64(10).I64(-1)
            .I32(0);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Produce_v5_adds_the_log_start_offset()
    {
        var response = new ProduceResponse(
        [
            new ProduceResponse.TopicResponse("orders", [new ProduceResponse.PartitionResponse(0, ErrorCode.None, 10, 1234, 3, null)]),
        ]);

        var body = Codec.WriteBody(ApiKey.Produce, 5, response.Write);

        var expected = new Wire()
            .ArrayLength(1).Str("orders")
            .ArrayLength(1).I32(0).I16(0).I64(10).I64(1234).I64(3)
            .I32(0);
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    [Fact]
    public void Produce_v9_writes_record_errors_and_error_message_compactly()
    {
        var response = new ProduceResponse(
        [
            new ProduceResponse.TopicResponse("orders",
            [
                new ProduceResponse.PartitionResponse(1, ErrorCode.CorruptMessage, -1, -1, 0, "bad batch")
                {
                    RecordErrors = [new ProduceResponse.BatchError(0, "crc"), new ProduceResponse.BatchError(2, null)],
                },
            ]),
        ]);

        var body = Codec.WriteBody(ApiKey.Produce, 9, response.Write);

        var expected = new Wire()
            .CompactArrayLength(1).CompactStr("orders")
            .CompactArrayLength(1)
            .I32(1).I16(2).I64(-1).I64(-1).I64(0)
            .CompactArrayLength(2)
            .I32(0).CompactStr("crc").NoTags()
            .I32(2).CompactStr(null).NoTags()
            .CompactStr("bad batch")
            .NoTags()
            .NoTags()
            .I32(0)
            .NoTags();
        Assert.Equal(expected.Hex(), Codec.Hex(body));
    }

    private static MetadataResponse SampleMetadata() => new(
        [new BrokerEndpoint(1, "host-a", 9092, "rack-1")],
        "cluster-1",
        1,
        [
            new MetadataResponse.Topic(ErrorCode.None, "orders", TopicId, false,
                [new MetadataResponse.Partition(ErrorCode.None, 0, 1, 5, [1, 2], [1])]),
        ]);

    /// <summary>A records source over an array that remembers the destination it was asked to fill.</summary>
    private sealed class ArrayRecords(byte[] bytes) : IRecordsSource
    {
        public int LastDestinationLength { get; private set; } = -1;

        public int Length => bytes.Length;

        public void CopyTo(Span<byte> destination)
        {
            LastDestinationLength = destination.Length;
            bytes.CopyTo(destination);
        }
    }
}
