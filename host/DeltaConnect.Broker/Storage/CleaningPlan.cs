namespace DeltaConnect.Broker.Storage;

/// <summary>
/// The segments a cleaning pass will rewrite (every closed segment up to the end of the dirty range, each
/// retained until the pass ends) and the dirty range whose keys go into the offset map.
/// </summary>
internal sealed record CleaningPlan(IReadOnlyList<LogSegment> Segments, long DirtyStart, long DirtyEnd, CleanerCheckpoint Checkpoint, LogConfig Config);
