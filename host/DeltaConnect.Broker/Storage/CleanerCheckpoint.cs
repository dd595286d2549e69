namespace DeltaConnect.Broker.Storage;

/// <summary>
/// What the cleaner remembers about a compacted partition: where the uncompacted ("dirty") part starts, and a
/// record of recent passes (the offset each pass cleaned up to, and when). A tombstone may be dropped once a
/// pass that already covered it is older than delete.retention.ms — consumers reading from the beginning then
/// had that long to see the delete.
/// </summary>
internal sealed record CleanerCheckpoint(long FirstDirtyOffset, List<CleanerPass> Passes, long NextTombstoneCheckMs)
{
    public static CleanerCheckpoint Empty { get; } = new(0, [], long.MaxValue);

    /// <summary>Largest offset below which tombstones have been covered by a pass at least <paramref name="retentionMs"/> ago.</summary>
    public long TombstoneHorizon(long now, long retentionMs) =>
        Passes.Where(p => p.TimeMs <= now - retentionMs).Select(p => p.EndOffset).DefaultIfEmpty(0).Max();

    /// <summary>When the first pass covering <paramref name="offset"/> happened, or null when none has.</summary>
    public long? FirstCoveredAt(long offset) =>
        Passes.Where(p => p.EndOffset > offset).Select(p => (long?)p.TimeMs).Min();
}
