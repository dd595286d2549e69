using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Worker.Tests.TestPlugins;

/// <summary>
/// A source of numbered records whose task takes <c>stop.delay.ms</c> to stop: longer than a short
/// <c>task.shutdown.graceful.timeout.ms</c>, so the worker abandons it while it still has offsets to commit.
/// </summary>
public sealed class SlowStopSourceConnector : SingleTaskSourceConnector
{
    public static ConfigDef Definition { get; } = new ConfigDef()
        .Define("topic", ConfigType.String, Importance.High, "Topic.")
        .Define("stop.delay.ms", ConfigType.Int, 1000, Importance.High, "How long the task's StopAsync takes.");

    public override ConfigDef Config => Definition;

    public override SourceTask CreateTask() => new SlowStopTask();

    private sealed class SlowStopTask : SourceTask
    {
        private string _topic = "";
        private int _stopDelayMs;
        private long _next;

        public override string Version => "1.0";

        public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
        {
            _topic = config["topic"];
            _stopDelayMs = int.Parse(config.GetValueOrDefault("stop.delay.ms", "1000"), System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(20, cancellationToken);
            var partition = new Dictionary<string, object?> { ["slow"] = _topic };
            return [new SourceRecord(partition, new Dictionary<string, object?> { ["n"] = _next }, _topic, Schema.Int64, _next++)];
        }

        public override async Task StopAsync(CancellationToken cancellationToken) =>
            await Task.Delay(_stopDelayMs, CancellationToken.None);
    }
}
