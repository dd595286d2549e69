using System.Text;
using System.Text.Json;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Worker.Tests;

/// <summary>Pipelines through a standalone worker and the embedded broker, with the example plugins and built-in transforms.</summary>
public sealed class PipelineTests(BrokerFixture broker)
{
    [Fact]
    public async Task File_source_through_a_transform_chain_to_file_sink_delivers_exactly_the_input_lines()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var input = scenario.Path("input.txt");
        var output = scenario.Path("output.txt");
        var lines = Enumerable.Range(0, 3000).Select(i => $"line {i} · ünïcödé · {new string('x', i % 50)}").ToArray();
        await File.WriteAllLinesAsync(input, lines, TestContext.Current.CancellationToken);

        await scenario.CreateConnectorAsync("file-source", new()
        {
            ["connector.class"] = "FileStreamSource",
            ["file"] = input,
            ["topic"] = scenario.Topic("lines-in"),
            // Wrap each line in a struct, take it out again, and route the records to another topic.
            ["transforms"] = "hoist,extract,route",
            ["transforms.hoist.type"] = "org.apache.kafka.connect.transforms.HoistField$Value",
            ["transforms.hoist.field"] = "line",
            ["transforms.extract.type"] = "org.apache.kafka.connect.transforms.ExtractField$Value",
            ["transforms.extract.field"] = "line",
            ["transforms.route.type"] = "org.apache.kafka.connect.transforms.RegexRouter",
            ["transforms.route.regex"] = "(.*)-lines-in",
            ["transforms.route.replacement"] = "$1-lines-out",
        });
        await scenario.CreateConnectorAsync("file-sink", new()
        {
            ["connector.class"] = "org.apache.kafka.connect.file.FileStreamSinkConnector",
            ["file"] = output,
            ["topics"] = scenario.Topic("lines-out"),
        });

        var written = await WorkerScenario.WaitForLinesAsync(output, lines.Length);
        Assert.Equal(lines, written);
        Assert.Equal(WorkerState.Running, scenario.Host!.Herder.Status("file-source").Tasks[0].Value.State);
    }

    [Fact]
    public async Task Generated_records_are_transformed_and_written_as_Kafka_Connect_JSON()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var topic = scenario.Topic("generated");
        await scenario.CreateConnectorAsync("generator", new()
        {
            ["connector.class"] = "DataGeneratorSourceConnector",
            ["topic"] = topic,
            ["max.records"] = "500",
            ["transforms"] = "drop,tag",
            ["transforms.drop.type"] = "ReplaceField$Value",
            ["transforms.drop.exclude"] = "score",
            ["transforms.tag.type"] = "InsertField$Value",
            ["transforms.tag.static.field"] = "origin",
            ["transforms.tag.static.value"] = "generator",
        });

        var records = scenario.ReadTopic(topic, expectedAtLeast: 500);
        Assert.Equal(500, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            using var key = JsonDocument.Parse(records[i].Message.Key!);
            Assert.Equal($"key-{i}", key.RootElement.GetProperty("payload").GetString());
            using var value = JsonDocument.Parse(records[i].Message.Value!);
            var payload = value.RootElement.GetProperty("payload");
            Assert.Equal(i, payload.GetProperty("seq").GetInt64());
            Assert.Equal($"name-{i}", payload.GetProperty("name").GetString());
            Assert.Equal("generator", payload.GetProperty("origin").GetString());
            Assert.False(payload.TryGetProperty("score", out _));
            var fields = value.RootElement.GetProperty("schema").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()).ToList();
            Assert.Equal(["seq", "name", "created", "origin"], fields);
        }
    }

    [Fact]
    public async Task A_restarted_worker_resumes_from_stored_offsets_without_duplicates()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var input = scenario.Path("input.txt");
        var topic = scenario.Topic("resume");
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 100).Select(i => $"first-{i}"), TestContext.Current.CancellationToken);
        await scenario.CreateConnectorAsync("source", new()
        {
            ["connector.class"] = "FileStreamSource",
            ["file"] = input,
            ["topic"] = topic,
        });
        scenario.ReadTopic(topic, expectedAtLeast: 100);

        // A clean stop stores the offsets of everything acknowledged.
        await scenario.StopWorkerAsync();
        await File.AppendAllLinesAsync(input, Enumerable.Range(0, 50).Select(i => $"second-{i}"), TestContext.Current.CancellationToken);
        await scenario.StartWorkerAsync();

        var values = scenario.ReadTopic(topic, expectedAtLeast: 150).Select(r => JsonDocument.Parse(r.Message.Value!).RootElement.GetProperty("payload").GetString()).ToList();
        Assert.Equal(150, values.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"first-{i}").Concat(Enumerable.Range(0, 50).Select(i => $"second-{i}")), values);
    }

    [Fact]
    public async Task A_sink_started_before_its_topic_exists_waits_for_it_instead_of_failing()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var output = scenario.Path("late.txt");
        await scenario.CreateConnectorAsync("early-sink", new()
        {
            ["connector.class"] = "FileStreamSink",
            ["file"] = output,
            ["topics"] = scenario.Topic("late"),
        });
        await scenario.WaitForTaskStateAsync("early-sink", WorkerState.Running);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Equal(WorkerState.Running, scenario.Host!.Herder.Status("early-sink").Tasks[0].Value.State);

        var input = scenario.Path("late-input.txt");
        await File.WriteAllLinesAsync(input, ["finally", "here"], TestContext.Current.CancellationToken);
        await scenario.CreateConnectorAsync("late-source", new()
        {
            ["connector.class"] = "FileStreamSource",
            ["file"] = input,
            ["topic"] = scenario.Topic("late"),
        });

        Assert.Equal(["finally", "here"], await WorkerScenario.WaitForLinesAsync(output, 2));
        Assert.Equal(WorkerState.Running, scenario.Host!.Herder.Status("early-sink").Tasks[0].Value.State);
    }

    [Fact]
    public async Task Internal_topics_hold_Kafka_Connect_shaped_records()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var input = scenario.Path("input.txt");
        await File.WriteAllLinesAsync(input, ["a", "b"], TestContext.Current.CancellationToken);
        await scenario.CreateConnectorAsync("shape", new()
        {
            ["connector.class"] = "FileStreamSource",
            ["file"] = input,
            ["topic"] = scenario.Topic("shape"),
        });
        scenario.ReadTopic(scenario.Topic("shape"), expectedAtLeast: 2);
        await scenario.StopWorkerAsync();

        var configs = scenario.ReadTopic(scenario.Topic("configs")).ToDictionary(r => Encoding.UTF8.GetString(r.Message.Key!), r => r.Message.Value);
        using (var connector = JsonDocument.Parse(configs["connector-shape"]!))
        {
            Assert.Equal(input, connector.RootElement.GetProperty("properties").GetProperty("file").GetString());
        }

        using (var task = JsonDocument.Parse(configs["task-shape-0"]!))
        {
            Assert.Equal("FileStreamSource", task.RootElement.GetProperty("properties").GetProperty("connector.class").GetString());
        }

        using (var commit = JsonDocument.Parse(configs["commit-shape"]!))
        {
            Assert.Equal(1, commit.RootElement.GetProperty("tasks").GetInt32());
        }

        using (var target = JsonDocument.Parse(configs["target-state-shape"]!))
        {
            Assert.Equal("STARTED", target.RootElement.GetProperty("state").GetString());
        }

        // Each flush writes the partition's latest offset under the same key; the last one wins.
        var offsets = scenario.ReadTopic(scenario.Topic("offsets"));
        Assert.Single(offsets.Select(o => Encoding.UTF8.GetString(o.Message.Key!)).Distinct());
        var offset = offsets.OrderBy(o => o.Message.Timestamp.UnixTimestampMs).ThenBy(o => o.Offset.Value).Last();
        Assert.Equal($"[\"shape\",{{\"filename\":{JsonSerializer.Serialize(input)}}}]", Encoding.UTF8.GetString(offset.Message.Key!));
        using var offsetValue = JsonDocument.Parse(offset.Message.Value!);
        Assert.Equal(4, offsetValue.RootElement.GetProperty("position").GetInt64());

        var statuses = scenario.ReadTopic(scenario.Topic("status")).Select(r => Encoding.UTF8.GetString(r.Message.Key!)).ToHashSet();
        Assert.Contains("status-connector-shape", statuses);
        Assert.Contains("status-task-shape-0", statuses);
    }
}
