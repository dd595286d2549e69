namespace DeltaConnect.Runtime.Storage;

/// <summary>The reported status of a connector or task: its state, the failure trace, the worker and the generation.</summary>
internal sealed record StatusRecord(WorkerState State, string? Trace, string WorkerId, int Generation);
