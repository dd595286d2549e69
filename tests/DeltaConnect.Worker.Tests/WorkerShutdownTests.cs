using System.Text;
using System.Text.Json;
using DeltaConnect.Testing.Fixtures;

namespace DeltaConnect.Worker.Tests;

/// <summary>Stopping a worker whose tasks do not stop in time.</summary>
public sealed class WorkerShutdownTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_task_abandoned_at_shutdown_still_commits_its_offsets_before_the_worker_closes_its_stores()
    {
        // The task outlives task.shutdown.graceful.timeout.ms, so stopping the worker abandons it; its own shutdown then
        // commits the offsets of everything it sent. Offsets are flushed only then (the periodic flush is an hour away),
        // so the offsets topic holds them only if the worker kept its offset store open for the abandoned task. (Before,
        // the store's producer was closed under that commit: a crash of the whole process inside librdkafka.)
        await using var scenario = await WorkerScenario.StartAsync(broker.BootstrapServers, new Dictionary<string, string>
        {
            ["task.shutdown.graceful.timeout.ms"] = "100",
            ["offset.flush.interval.ms"] = "3600000",
        });
        var topic = scenario.Topic("slow");
        await scenario.CreateConnectorAsync("slow", new Dictionary<string, string>
        {
            ["connector.class"] = "SlowStopSource",
            ["topic"] = topic,
            ["stop.delay.ms"] = "1500",
        });
        Assert.NotEmpty(scenario.ReadTopic(topic, expectedAtLeast: 20));

        await scenario.StopWorkerAsync();

        var sent = WorkerScenario.ReadTopic(broker.BootstrapServers, topic);
        var last = sent.Max(r => JsonDocument.Parse(r.Message.Value!).RootElement.GetProperty("payload").GetInt64());
        var offsets = WorkerScenario.ReadTopic(broker.BootstrapServers, scenario.Topic("offsets"))
            .Where(r => r.Message.Key is not null && Encoding.UTF8.GetString(r.Message.Key).Contains("\"slow\"", StringComparison.Ordinal) && r.Message.Value is not null)
            .Select(r => JsonDocument.Parse(r.Message.Value!).RootElement.GetProperty("n").GetInt64())
            .ToList();
        Assert.True(offsets.Count > 0, $"no offset of the abandoned task reached {scenario.Topic("offsets")}; {sent.Count} records were sent");
        Assert.Equal(last, offsets[^1]);
    }
}
