using DeltaConnect.Sdk.Connectors;

namespace DeltaConnect.Sdk.Source;

/// <summary>What the runtime offers a source task.</summary>
public interface ISourceTaskContext
{
    /// <summary>The task's config.</summary>
    IReadOnlyDictionary<string, string> Configs { get; }

    /// <summary>Stored source offsets, to resume from.</summary>
    IOffsetStorageReader OffsetStorageReader { get; }

    /// <summary>Reports records the task cannot produce (they follow the error policy instead of failing the task).</summary>
    IErrantRecordReporter ErrantRecordReporter { get; }
}
