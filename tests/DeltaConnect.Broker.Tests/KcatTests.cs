using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using DeltaConnect.Protocol.Records;
using DeltaConnect.Testing.Fixtures;
using DeltaConnect.Testing.Peers;
using CompressionType = DeltaConnect.Protocol.Records.CompressionType;

namespace DeltaConnect.Broker.Tests;

/// <summary>
/// The embedded broker against kcat, the librdkafka command-line client (Debian's build, which bundles an older
/// librdkafka than Confluent.Kafka does, so it negotiates on its own terms).
/// </summary>
public sealed class KcatTests(BrokerFixture broker)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _bootstrap = broker.BootstrapServers;

    [Fact]
    public async Task Keyed_messages_with_headers_produced_by_kcat_come_back_in_order_with_their_keys_values_and_headers()
    {
        var topic = KafkaClients.TopicName("kcat-keyed");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic);
        var ct = TestContext.Current.CancellationToken;
        var sent = Enumerable.Range(0, 50).Select(i => (Key: $"key-{i % 7}", Value: $"value {i} of fifty")).ToList();

        await PeerTools.RunKcatAsync(
            ["-b", _bootstrap, "-t", topic, "-P", "-K:", "-H", "trace=abc-123", "-H", "origin=kcat", "-X", "acks=all"],
            Deadline,
            string.Concat(sent.Select(m => $"{m.Key}:{m.Value}\n")),
            ct);
        var consumed = await ConsumeAsync(["-t", topic, "-o", "beginning"], ct);

        AssertNoErrors(consumed);
        Assert.Equal(sent.Count, consumed.Messages.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(new KcatMessage(0, i, sent[i].Key, sent[i].Value, "trace=abc-123,origin=kcat"), consumed.Messages[i]);
        }

        // The two headers are stored as two headers (not kcat's rendering of them), readable by another client.
        var stored = KafkaClients.ReadAll(_bootstrap, topic);
        Assert.Equal(sent.Select(m => m.Value), stored.Select(r => r.Message.Value));
        Assert.All(stored, r =>
        {
            Assert.Equal(["trace", "origin"], r.Message.Headers.Select(h => h.Key));
            Assert.Equal("abc-123", Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("trace")));
            Assert.Equal("kcat", Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("origin")));
        });
    }

    [Fact]
    public async Task Json_metadata_listing_names_the_broker_and_every_partition_of_a_created_topic_with_its_leader()
    {
        var topic = KafkaClients.TopicName("kcat-meta");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic, partitions: 3);

        var output = await PeerTools.RunKcatAsync(["-b", _bootstrap, "-L", "-J"], Deadline, cancellationToken: TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(JsonLine(output));
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("originating_broker").GetProperty("id").GetInt32());
        Assert.Equal(1, root.GetProperty("controllerid").GetInt32());
        var brokerEntry = Assert.Single(root.GetProperty("brokers").EnumerateArray());
        Assert.Equal(1, brokerEntry.GetProperty("id").GetInt32());
        Assert.Equal($"127.0.0.1:{broker.Host.Port}", brokerEntry.GetProperty("name").GetString());

        var listed = Assert.Single(root.GetProperty("topics").EnumerateArray(), t => t.GetProperty("topic").GetString() == topic);
        Assert.False(listed.TryGetProperty("error", out _), $"topic error: {listed}");
        var partitions = listed.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], partitions.Select(p => p.GetProperty("partition").GetInt32()));
        Assert.All(partitions, p =>
        {
            Assert.False(p.TryGetProperty("error", out _), $"partition error: {p}");
            Assert.Equal(1, p.GetProperty("leader").GetInt32());
            Assert.Equal([1], p.GetProperty("replicas").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
            Assert.Equal([1], p.GetProperty("isrs").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
        });
    }

    [Fact]
    public async Task Consumer_group_runs_resume_from_committed_offsets_so_only_new_messages_are_delivered()
    {
        var topic = KafkaClients.TopicName("kcat-group");
        var group = KafkaClients.TopicName("kcat-group-id");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic, partitions: 3);
        var ct = TestContext.Current.CancellationToken;
        await ProduceAsync(topic, Enumerable.Range(0, 30).Select(i => $"k{i}:first-{i}"), ct);

        string[] groupRun = ["-G", group, "-X", "auto.offset.reset=earliest", topic];
        var first = await ConsumeAsync(groupRun, ct);
        var second = await ConsumeAsync(groupRun, ct);
        await ProduceAsync(topic, Enumerable.Range(0, 10).Select(i => $"k{i}:second-{i}"), ct);
        var third = await ConsumeAsync(groupRun, ct);

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"first-{i}").Order(), first.Messages.Select(m => m.Value).Order());
        Assert.True(first.Messages.Select(m => m.Partition).Distinct().Count() > 1, "the keys should spread over the partitions");
        Assert.Empty(second.Messages);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"second-{i}").Order(), third.Messages.Select(m => m.Value).Order());

        // What kcat committed is the end of every partition.
        using var consumer = KafkaClients.Consumer(_bootstrap, group);
        var committed = consumer.Committed([.. Enumerable.Range(0, 3).Select(p => new TopicPartition(topic, p))], TimeSpan.FromSeconds(10));
        foreach (var offset in committed)
        {
            Assert.Equal(consumer.QueryWatermarkOffsets(offset.TopicPartition, TimeSpan.FromSeconds(10)).High, offset.Offset);
        }

        Assert.Equal(40, committed.Sum(c => c.Offset.Value));

        // librdkafka retries a JoinGroup whose connection the broker dropped, so the runs above can succeed anyway;
        // the dropped connection is still a broker failure.
        AssertNoErrors(first, second, third);
    }

    [Theory]
    [InlineData("gzip", CompressionType.Gzip)]
    [InlineData("snappy", CompressionType.Snappy)]
    [InlineData("lz4", CompressionType.Lz4)]
    [InlineData("zstd", CompressionType.Zstd)]
    public async Task Compressed_produce_is_stored_with_the_requested_codec_and_consumed_back_intact(string codec, CompressionType expected)
    {
        var topic = KafkaClients.TopicName($"kcat-{codec}");
        await KafkaClients.CreateTopicAsync(_bootstrap, topic);
        var ct = TestContext.Current.CancellationToken;
        var sent = Enumerable.Range(0, 200).Select(i => (Key: $"key-{i}", Value: $"{codec} {i} " + new string((char)('a' + (i % 26)), 300))).ToList();

        await PeerTools.RunKcatAsync(
            ["-b", _bootstrap, "-t", topic, "-P", "-K:", "-z", codec, "-X", "linger.ms=100"],
            Deadline,
            string.Concat(sent.Select(m => $"{m.Key}:{m.Value}\n")),
            ct);
        var consumed = await ConsumeAsync(["-t", topic, "-o", "beginning"], ct);

        AssertNoErrors(consumed);
        Assert.Equal(sent.Select(m => (m.Key, m.Value)), consumed.Messages.Select(m => (m.Key, m.Value)));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), consumed.Messages.Select(m => m.Offset));

        // The broker keeps batches as the producer compressed them, so the segment shows the codec that went over the
        // wire. librdkafka (before its fix of issue 4956) sends gzip, snappy and lz4 uncompressed unless the broker's
        // ApiVersions includes Produce v0, which is why Apache Kafka 4.0 still advertises Produce v0 (KAFKA-18659).
        var batches = StoredBatches.Read(broker, topic, 0);
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.Equal(expected, b.Compression));
        Assert.Equal(200, batches.Sum(b => b.RecordCount));
    }

    private async Task ProduceAsync(string topic, IEnumerable<string> keyedLines, CancellationToken cancellationToken) =>
        await PeerTools.RunKcatAsync(["-b", _bootstrap, "-t", topic, "-P", "-K:"], Deadline, string.Concat(keyedLines.Select(l => l + "\n")), cancellationToken);

    /// <summary>
    /// Consumes until the end of every partition (-e) and parses kcat's formatted output. Not quiet (-q): errors kcat
    /// reports (such as a connection the broker dropped, which librdkafka then retries) are collected too.
    /// </summary>
    private async Task<KcatConsumption> ConsumeAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var output = await PeerTools.RunKcatAsync(
            ["-b", _bootstrap, "-C", "-e", "-f", @"MSG|%p|%o|%k|%s|%h\n", .. arguments],
            Deadline,
            cancellationToken: cancellationToken);
        var lines = output.Split('\n');
        return new KcatConsumption(
            [.. lines.Where(l => l.StartsWith("MSG|", StringComparison.Ordinal)).Select(KcatMessage.Parse)],
            [.. lines.Where(l => l.StartsWith("% ERROR", StringComparison.Ordinal) || l.Contains("|FAIL|", StringComparison.Ordinal))]);
    }

    private static void AssertNoErrors(params KcatConsumption[] runs)
    {
        var errors = runs.SelectMany(r => r.Errors).ToList();
        Assert.True(errors.Count == 0, "kcat reported errors:\n" + string.Join('\n', errors));
    }

    /// <summary>kcat's JSON goes to stdout on one line; anything it logs is on other lines.</summary>
    private static string JsonLine(string output) =>
        output.Split('\n').LastOrDefault(l => l.StartsWith('{')) ?? throw new InvalidOperationException($"No JSON in kcat's output:\n{output}");

    private sealed record KcatConsumption(List<KcatMessage> Messages, List<string> Errors);

    private sealed record KcatMessage(int Partition, long Offset, string Key, string Value, string Headers)
    {
        // MSG|partition|offset|key|value|headers (keys, values and headers of these tests hold no '|').
        public static KcatMessage Parse(string line)
        {
            var fields = line.Split('|');
            Assert.True(fields.Length == 6, $"Unexpected kcat line: {line}");
            return new KcatMessage(
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[2], CultureInfo.InvariantCulture),
                fields[3],
                fields[4],
                fields[5]);
        }
    }
}

/// <summary>
/// Record batch headers as the broker stored them in a partition's segment files. The broker keeps batches exactly as
/// the producer encoded them, so this shows the codec a client really used on the wire.
/// </summary>
internal static class StoredBatches
{
    public static List<RecordBatchHeader> Read(BrokerFixture broker, string topic, int partition)
    {
        var directory = Path.Combine(broker.Host.DataDirectory, "data", "topics", topic, partition.ToString(CultureInfo.InvariantCulture));
        var headers = new List<RecordBatchHeader>();
        foreach (var file in Directory.GetFiles(directory, "*.log").Order(StringComparer.Ordinal))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }

            var position = 0;
            while (position + RecordBatchHeader.Size <= bytes.Length)
            {
                var header = RecordBatchHeader.Read(bytes.AsSpan(position));
                if (header.BatchLength <= 0)
                {
                    break;
                }

                headers.Add(header);
                position += header.TotalSize;
            }
        }

        return headers;
    }
}
