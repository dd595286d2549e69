using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Processors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Runtime.Processors;

/// <summary>
/// What a processor task gets from the runtime. The state store and timers are views of the partition currently being
/// processed, which the task loop sets around each ProcessAsync and OnTimerAsync call.
/// </summary>
internal sealed class ProcessorTaskContext(IReadOnlyDictionary<string, string> configs, IErrantRecordReporter errantRecordReporter)
    : IProcessorTaskContext, IKeyValueStore, ITimerService
{
    private PartitionStateStore? _current;

    public IReadOnlyDictionary<string, string> Configs { get; } = configs;

    public IReadOnlyCollection<TopicPartition> Assignment { get; set; } = [];

    public IKeyValueStore StateStore => this;

    public ITimerService Timers => this;

    public IErrantRecordReporter ErrantRecordReporter { get; } = errantRecordReporter;

    /// <summary>Makes <paramref name="store"/> the state seen by the task until <see cref="Leave"/>.</summary>
    public void Enter(PartitionStateStore store) => _current = store;

    public void Leave() => _current = null;

    byte[]? IKeyValueStore.Get(ReadOnlySpan<byte> key) => Current.Get(key);

    void IKeyValueStore.Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Current.Put(key, value);

    void IKeyValueStore.Delete(ReadOnlySpan<byte> key) => Current.Delete(key);

    IEnumerable<KeyValuePair<byte[], byte[]>> IKeyValueStore.Range(byte[]? from, byte[]? to) => Current.Range(from, to);

    void ITimerService.Schedule(ReadOnlySpan<byte> key, DateTimeOffset dueTime) => Current.ScheduleTimer(key, dueTime);

    void ITimerService.Cancel(ReadOnlySpan<byte> key) => Current.CancelTimer(key);

    private PartitionStateStore Current => _current ?? throw new InvalidOperationException(
        "The state store and timers belong to the partition being processed: use them inside ProcessAsync or OnTimerAsync, not from StartAsync, StopAsync or another thread.");
}
