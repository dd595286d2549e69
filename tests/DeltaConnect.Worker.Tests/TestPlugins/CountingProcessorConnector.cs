using System.Buffers.Binary;
using System.Text;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Data;
using DeltaConnect.Sdk.Errors;
using DeltaConnect.Sdk.Processors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Worker.Tests.TestPlugins;

/// <summary>
/// Counts records per key in the state store and emits "key:count" to <c>output.topic</c>. A record whose value is
/// "retry" makes the first call that reaches it (having written state and emitted for the records before it) throw a
/// retriable error, once per batch: the runtime must undo both, so counts stay consecutive and each input yields one output.
/// </summary>
public sealed class CountingProcessorConnector : ProcessorConnector
{
    private IReadOnlyDictionary<string, string> _config = new Dictionary<string, string>();

    public override string Version => "1.0";

    public override ConfigDef Config { get; } = new ConfigDef().Define("output.topic", ConfigType.String, Importance.High, "Where counts go.");

    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        _config = config;
        return Task.CompletedTask;
    }

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [.. Enumerable.Repeat(_config, maxTasks)];

    public override ProcessorTask CreateTask() => new CountingTask();

    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private sealed class CountingTask : ProcessorTask
    {
        private readonly HashSet<(int Partition, long Offset)> _failedOnce = [];
        private string _output = "";

        public override string Version => "1.0";

        public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
        {
            _output = config["output.topic"];
            return Task.CompletedTask;
        }

        public override ValueTask ProcessAsync(IReadOnlyList<SinkRecord> records, IProcessorOutput output, CancellationToken cancellationToken)
        {
            foreach (var record in records)
            {
                var key = Encoding.UTF8.GetBytes((string)record.Key!);
                var count = Context.StateStore.Get(key) is { } stored ? BinaryPrimitives.ReadInt64BigEndian(stored) + 1 : 1;
                var bytes = new byte[8];
                BinaryPrimitives.WriteInt64BigEndian(bytes, count);
                Context.StateStore.Put(key, bytes);
                output.Emit(_output, null, Schema.String, record.Key, Schema.String, $"{record.Key}:{count}");
                if ((string?)record.Value == "retry" && !_failedOnce.Contains((record.OriginalKafkaPartition, record.KafkaOffset)))
                {
                    _failedOnce.UnionWith(records.Where(r => (string?)r.Value == "retry").Select(r => (r.OriginalKafkaPartition, r.KafkaOffset)));
                    throw new RetriableException("the downstream lookup is briefly unavailable");
                }
            }

            return ValueTask.CompletedTask;
        }

        public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
