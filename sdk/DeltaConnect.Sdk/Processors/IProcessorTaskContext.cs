using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Records;

namespace DeltaConnect.Sdk.Processors;

/// <summary>What the runtime offers a processor task.</summary>
public interface IProcessorTaskContext
{
    /// <summary>The task's config.</summary>
    IReadOnlyDictionary<string, string> Configs { get; }

    /// <summary>The partitions currently assigned to the task.</summary>
    IReadOnlyCollection<TopicPartition> Assignment { get; }

    /// <summary>
    /// The state store of the partition being processed: valid inside <see cref="ProcessorTask.ProcessAsync"/> and
    /// <see cref="ProcessorTask.OnTimerAsync"/> only (it throws elsewhere).
    /// </summary>
    IKeyValueStore StateStore { get; }

    /// <summary>The durable timers of the partition being processed (valid where <see cref="StateStore"/> is).</summary>
    ITimerService Timers { get; }

    /// <summary>Reports records the task cannot process.</summary>
    IErrantRecordReporter ErrantRecordReporter { get; }
}
