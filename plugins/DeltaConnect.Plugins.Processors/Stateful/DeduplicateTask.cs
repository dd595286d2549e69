using DeltaConnect.Sdk;
using DeltaConnect.Sdk.Config;
using DeltaConnect.Sdk.Processors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Plugins.Processors.Stateful;

/// <summary>The task of <see cref="DeduplicateConnector"/>: state maps a key's fingerprint to its latest value's fingerprint.</summary>
public sealed class DeduplicateTask : ProcessorTask
{
    private string _outputFormat = "${topic}-deduplicated";
    private long _retentionMs;
    private long _dropped;

    /// <inheritdoc />
    public override string Version => PluginVersion.Of(GetType());

    /// <summary>Records dropped as duplicates by this task instance.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    public override Task StartAsync(IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        var parsed = new ParsedConfig(DeduplicateConnector.Definition, config);
        _outputFormat = parsed.GetString(DeduplicateConnector.OutputTopicFormatConfig)!;
        _retentionMs = parsed.GetLong(DeduplicateConnector.RetentionMsConfig);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(IReadOnlyList<SinkRecord> records, IProcessorOutput output, CancellationToken cancellationToken)
    {
        var state = Context.StateStore;
        foreach (var record in records)
        {
            var topic = _outputFormat.Replace("${topic}", record.Topic, StringComparison.Ordinal);
            if (record.Key is null)
            {
                Forward(output, topic, record);
                continue;
            }

            var key = ConnectDataHash.Of(record.Key);
            var value = ConnectDataHash.Of(record.Value);
            if (state.Get(key) is { } latest && latest.AsSpan().SequenceEqual(value))
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            state.Put(key, value);
            if (_retentionMs > 0)
            {
                Context.Timers.Schedule(key, DateTimeOffset.UtcNow.AddMilliseconds(_retentionMs));
            }

            Forward(output, topic, record);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask OnTimerAsync(byte[] key, DateTimeOffset dueTime, IProcessorOutput output, CancellationToken cancellationToken)
    {
        Context.StateStore.Delete(key);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Forward(IProcessorOutput output, string topic, SinkRecord record) =>
        output.Emit(topic, null, record.KeySchema, record.Key, record.ValueSchema, record.Value, record.Timestamp, record.Headers);
}
