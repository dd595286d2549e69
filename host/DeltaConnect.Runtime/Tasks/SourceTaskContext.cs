using DeltaConnect.Sdk.Connectors;
using DeltaConnect.Sdk.Source;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>What a source task gets from the runtime.</summary>
internal sealed record SourceTaskContext(
    IReadOnlyDictionary<string, string> Configs,
    IOffsetStorageReader OffsetStorageReader,
    IErrantRecordReporter ErrantRecordReporter) : ISourceTaskContext;
