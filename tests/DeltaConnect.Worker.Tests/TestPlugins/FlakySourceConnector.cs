using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Worker.Tests.TestPlugins;

/// <summary>
/// A source that fails while a marker file exists (its poll throws), and otherwise produces numbered records:
/// lets a test make a task fail on demand and then let it recover.
/// </summary>
public sealed class FlakySourceConnector : SingleTaskSourceConnector
{
    public static ConfigDef Definition { get; } = new ConfigDef()
        .Define("topic", ConfigType.String, Importance.High, "Topic.")
        .Define("fail.marker", ConfigType.String, Importance.High, "While this file exists, polls throw.");

    public override ConfigDef Config => Definition;

    public override SourceTask CreateTask() => new FlakyTask();

    private sealed class FlakyTask : SourceTask
    {
        private string _topic = "";
        private string _marker = "";
        private long _next;

        public override string Version => "1.0";

        public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
        {
            _topic = config["topic"];
            _marker = config["fail.marker"];
            return Task.CompletedTask;
        }

        public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(50, cancellationToken);
            if (File.Exists(_marker))
            {
                throw new InvalidOperationException($"Flaky source told to fail by {_marker}");
            }

            var partition = new Dictionary<string, object?> { ["flaky"] = _topic };
            return [new SourceRecord(partition, new Dictionary<string, object?> { ["n"] = _next }, _topic, Schema.Int64, _next++)];
        }

        public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
