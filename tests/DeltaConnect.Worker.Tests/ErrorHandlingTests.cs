using System.Text;
using Confluent.Kafka;
using DeltaConnect.Runtime.Storage;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Worker.Tests;

/// <summary>Failed tasks, automatic restarts, tolerated failures, the dead-letter topic and error counts.</summary>
public sealed class ErrorHandlingTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_task_that_throws_shows_FAILED_with_its_stack_trace_is_restarted_with_backoff_and_recovers()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var marker = scenario.Path("fail-now");
        await File.WriteAllTextAsync(marker, "fail", TestContext.Current.CancellationToken);
        var topic = scenario.Topic("flaky");
        await scenario.CreateConnectorAsync("flaky", new()
        {
            ["connector.class"] = "FlakySource",
            ["topic"] = topic,
            ["fail.marker"] = marker,
        });

        var failed = await scenario.WaitForTaskStateAsync("flaky", WorkerState.Failed);
        Assert.Contains("Flaky source told to fail", failed.Trace, StringComparison.Ordinal);
        Assert.Contains("at DeltaConnect.Worker.Tests.TestPlugins.FlakySourceConnector", failed.Trace, StringComparison.Ordinal);

        // The worker keeps restarting it while the marker exists: the status topic shows FAILED, RESTARTING, FAILED ...
        var history = await WaitForTaskHistoryAsync(scenario, "flaky", h => h.Count(s => s.Contains("\"state\":\"FAILED\"", StringComparison.Ordinal)) >= 2);
        Assert.Contains(history, s => s.Contains("\"state\":\"RESTARTING\"", StringComparison.Ordinal));
        Assert.Contains(history, s => s.Contains("\"state\":\"FAILED\"", StringComparison.Ordinal) && s.Contains("Flaky source told to fail", StringComparison.Ordinal));

        // ... and once the cause is gone, a restart sticks and records flow.
        File.Delete(marker);
        await scenario.WaitForTaskStateAsync("flaky", WorkerState.Running);
        Assert.NotEmpty(scenario.ReadTopic(topic, expectedAtLeast: 5));
    }

    // Status records of a task, oldest first, as Kafka Connect writes them to the status topic.
    private static async Task<List<string>> WaitForTaskHistoryAsync(WorkerScenario scenario, string connector, Func<List<string>, bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var history = scenario.ReadTopic(scenario.Topic("status"))
                .Where(r => Encoding.UTF8.GetString(r.Message.Key!) == $"status-task-{connector}-0" && r.Message.Value is not null)
                .OrderBy(r => r.Offset.Value)
                .Select(r => Encoding.UTF8.GetString(r.Message.Value!))
                .ToList();
            if (condition(history))
            {
                return history;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("Task history: " + string.Join(" | ", history.Select(h => h[..Math.Min(h.Length, 40)])));
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Source_records_that_fail_a_transform_go_to_the_dead_letter_topic_with_context_headers_and_are_counted()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var topic = scenario.Topic("good");
        var dlq = scenario.Topic("dlq");
        await scenario.CreateConnectorAsync("poisoned", new()
        {
            ["connector.class"] = "DataGeneratorSourceConnector",
            ["topic"] = topic,
            ["max.records"] = "1000",
            ["transforms"] = "poison",
            ["transforms.poison.type"] = "DeltaConnect.Worker.Tests.TestPlugins.FailOnMultiple",
            ["transforms.poison.every"] = "100",
            ["errors.tolerance"] = "all",
            ["errors.log.enable"] = "true",
            ["errors.deadletterqueue.topic.name"] = dlq,
        });

        var good = scenario.ReadTopic(topic, expectedAtLeast: 990);
        var dead = scenario.ReadTopic(dlq, expectedAtLeast: 10);

        Assert.Equal(990, good.Count);
        Assert.Equal(10, dead.Count);
        foreach (var record in dead)
        {
            string Header(string name) => ErrorHeader(record, name);
            Assert.Equal("TRANSFORMATION", Header("stage"));
            Assert.Equal("poisoned", Header("connector.name"));
            Assert.Equal("0", Header("task.id"));
            Assert.Equal(topic, Header("topic"));
            Assert.Equal("DeltaConnect.Sdk.Errors.DataException", Header("exception.class.name"));
            Assert.StartsWith("poison record seq=", Header("exception.message"), StringComparison.Ordinal);
            Assert.Equal("DeltaConnect.Worker.Tests.TestPlugins.FailOnMultiple", Header("class.name"));
            Assert.Contains("\"generator\"", Header("source.partition"), StringComparison.Ordinal);
        }

        var metrics = scenario.Host!.Herder.Worker.FindTask(new ConnectorTaskId("poisoned", 0))!.ErrorMetrics;
        Assert.Equal(10, metrics.TotalRecordFailures);
        Assert.Equal(10, metrics.TotalRecordsSkipped);
        Assert.Equal(10, metrics.DeadletterqueueProduceRequests);
        Assert.Equal(10, metrics.TotalErrorsLogged);
        Assert.Equal(0, metrics.DeadletterqueueProduceFailures);
    }

    [Fact]
    public async Task Source_records_the_producer_refuses_go_to_the_dead_letter_topic_with_the_bytes_that_were_sent()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var topic = scenario.Topic("sized");
        var dlq = scenario.Topic("dlq");
        var input = scenario.Path("input.txt");
        // Every tenth line is larger than the producer's message.max.bytes: librdkafka refuses it when it is produced.
        var lines = Enumerable.Range(0, 30).Select(i => i % 10 == 9 ? $"{i}:" + new string('x', 3000) : $"line {i}").ToList();
        await File.WriteAllLinesAsync(input, lines, TestContext.Current.CancellationToken);
        await scenario.CreateConnectorAsync("refused", new()
        {
            ["connector.class"] = "FileStreamSource",
            ["file"] = input,
            ["topic"] = topic,
            ["key.converter"] = "org.apache.kafka.connect.storage.StringConverter",
            ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
            ["producer.override.message.max.bytes"] = "2000",
            ["errors.tolerance"] = "all",
            ["errors.log.enable"] = "true",
            ["errors.log.include.messages"] = "true",
            ["errors.deadletterqueue.topic.name"] = dlq,
            ["errors.deadletterqueue.context.headers.enable"] = "true",
        });

        var good = scenario.ReadTopic(topic, expectedAtLeast: 27);
        var dead = scenario.ReadTopic(dlq, expectedAtLeast: 3);

        Assert.Equal(lines.Where(l => l.Length < 100), good.Select(r => Encoding.UTF8.GetString(r.Message.Value!)));
        Assert.Equal(lines.Where(l => l.Length > 100), dead.Select(r => Encoding.UTF8.GetString(r.Message.Value!)));
        foreach (var record in dead)
        {
            string Header(string name) => ErrorHeader(record, name);
            Assert.Equal("KAFKA_PRODUCE", Header("stage"));
            Assert.Equal(topic, Header("topic"));
            Assert.Contains("size", Header("exception.message"), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("\"position\"", Header("source.offset"), StringComparison.Ordinal);
        }

        var metrics = scenario.Host!.Herder.Worker.FindTask(new ConnectorTaskId("refused", 0))!.ErrorMetrics;
        Assert.Equal((3, 3, 3, 0), (metrics.TotalRecordFailures, metrics.TotalRecordsSkipped, metrics.DeadletterqueueProduceRequests, metrics.DeadletterqueueProduceFailures));
        Assert.Equal(WorkerState.Running, (await scenario.WaitForTaskStateAsync("refused", WorkerState.Running)).State);
    }

    [Fact]
    public async Task Sink_records_that_cannot_be_converted_go_to_the_dead_letter_topic_unchanged()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers);
        var topic = scenario.Topic("mixed");
        var dlq = scenario.Topic("sink-dlq");
        var output = scenario.Path("out.txt");
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            for (var i = 0; i < 50; i++)
            {
                var valid = i % 10 != 3;
                var value = valid ? $"{{\"schema\":{{\"type\":\"string\",\"optional\":false}},\"payload\":\"value-{i}\"}}" : $"not json {i}";
                await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(value), Headers = [new Header("origin", Encoding.UTF8.GetBytes("test"))] }, TestContext.Current.CancellationToken);
            }
        }

        await scenario.CreateConnectorAsync("mixed-sink", new()
        {
            ["connector.class"] = "FileStreamSink",
            ["file"] = output,
            ["topics"] = topic,
            ["errors.tolerance"] = "all",
            ["errors.deadletterqueue.topic.name"] = dlq,
        });

        var lines = await WorkerScenario.WaitForLinesAsync(output, 45);
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 10 != 3).Select(i => $"value-{i}"), lines);
        var dead = scenario.ReadTopic(dlq, expectedAtLeast: 5);
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 10 == 3).Select(i => $"not json {i}"), dead.Select(d => Encoding.UTF8.GetString(d.Message.Value!)));
        foreach (var record in dead)
        {
            string Header(string name) => ErrorHeader(record, name);
            Assert.Equal("test", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("origin")));
            Assert.Equal(topic, Header("topic"));
            Assert.Equal("0", Header("partition"));
            Assert.Equal("VALUE_CONVERTER", Header("stage"));
            Assert.EndsWith("3", Header("offset"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_tolerance_a_poison_record_fails_the_task_and_names_the_fix()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers, new() { ["task.auto.restart.enabled"] = "false" });
        await scenario.CreateConnectorAsync("strict", new()
        {
            ["connector.class"] = "DataGeneratorSourceConnector",
            ["topic"] = scenario.Topic("strict"),
            ["max.records"] = "300",
            ["transforms"] = "poison",
            ["transforms.poison.type"] = "FailOnMultiple",
            ["transforms.poison.every"] = "150",
        });

        var failed = await scenario.WaitForTaskStateAsync("strict", WorkerState.Failed);
        Assert.Contains("Tolerance exceeded in error handler", failed.Trace, StringComparison.Ordinal);
        Assert.Contains("errors.tolerance=all", failed.Trace, StringComparison.Ordinal);
        Assert.Contains("poison record seq=0", failed.Trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_topic_that_is_not_compacted_is_refused_with_the_fix()
    {
        var id = "w" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = $"{id}-configs", NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        var error = await Assert.ThrowsAsync<DeltaConnect.Sdk.Errors.ConnectException>(() =>
            WorkerScenario.StartAsync(broker.BootstrapServers, new() { ["config.storage.topic"] = $"{id}-configs" }));
        Assert.Contains($"Config topic '{id}-configs' has cleanup.policy=delete", error.Message, StringComparison.Ordinal);
        Assert.Contains("cleanup.policy=compact", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A Kafka Connect error context header (<c>__connect.errors.&lt;name&gt;</c>) of a dead-letter record.</summary>
    private static string ErrorHeader(ConsumeResult<byte[]?, byte[]?> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("__connect.errors." + name));
}
