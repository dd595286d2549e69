using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Records;
using DeltaConnect.Sdk.Sink;

namespace DeltaConnect.Worker.Tests.TestPlugins;

/// <summary>
/// A sink that, like sinks keeping their offsets in the destination (Iceberg), rewinds every partition it opens to
/// <c>rewind.to</c>, and appends "partition:offset" for each record it is handed to <c>file</c>.
/// </summary>
public sealed class RewindingSinkConnector : SinkConnector
{
    private IReadOnlyDictionary<string, string> _config = new Dictionary<string, string>();

    public override string Version => "1.0";

    public override ConfigDef Config { get; } = new ConfigDef()
        .Define("file", ConfigType.String, Importance.High, "Where delivered offsets are appended.")
        .Define("rewind.to", ConfigType.Long, 0L, Importance.High, "The offset every opened partition is rewound to.");

    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _config = config;
        return Task.CompletedTask;
    }

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_config];

    public override SinkTask CreateTask() => new RewindingTask();

    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class RewindingTask : SinkTask
    {
        private string _file = "";
        private long _rewindTo;

        public override string Version => "1.0";

        public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
        {
            _file = config["file"];
            _rewindTo = long.Parse(config.GetValueOrDefault("rewind.to") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        public override Task OpenAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken cancellationToken)
        {
            foreach (var partition in partitions)
            {
                Context.Offset(partition, _rewindTo);
            }

            return Task.CompletedTask;
        }

        public override async ValueTask PutAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken) =>
            await File.AppendAllLinesAsync(_file, records.Select(r => $"{r.KafkaPartition}:{r.KafkaOffset}"), cancellationToken);

        public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
