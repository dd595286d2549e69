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

    /// <summary>The task's state store.</summary>
    IKeyValueStore StateStore { get; }

    /// <summary>The task's durable timers.</summary>
    ITimerService Timers { get; }

    /// <summary>Reports records the task cannot process.</summary>
    IErrantRecordReporter ErrantRecordReporter { get; }
}
