using System.Text.Json;

namespace DeltaConnect.Broker.Storage;

/// <summary>The partition side of log compaction: deciding what to clean and swapping cleaned segments in.</summary>
internal sealed partial class PartitionLog
{
    private const string CleanerCheckpointFile = "cleaner-checkpoint.json";

    private CleanerCheckpoint? _cleanerCheckpoint;

    /// <summary>
    /// Decides whether the partition needs cleaning now: it is compacted and either its dirty part is at least
    /// min.cleanable.dirty.ratio of the log, or dirty data is older than max.compaction.lag.ms, or retained
    /// tombstones have reached delete.retention.ms. Only closed segments whose newest record is older than
    /// min.compaction.lag.ms are cleaned. Returns null when there is nothing to do.
    /// </summary>
    public CleaningPlan? PlanCleaning()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            var config = Config;
            if (_closed || !config.Compact || _segments.Count < 2)
            {
                return null;
            }

            var checkpoint = LoadCleanerCheckpoint();
            var dirtyStart = Math.Max(checkpoint.FirstDirtyOffset, LogStartOffset);
            long cleanBytes = 0;
            long dirtyBytes = 0;
            var lastCleanable = -1;
            var oldestDirtyTimestamp = long.MaxValue;
            for (var i = 0; i < _segments.Count - 1; i++)
            {
                var segment = _segments[i];
                if (segment.NextOffset <= dirtyStart)
                {
                    cleanBytes += segment.Size;
                    lastCleanable = i;
                    continue;
                }

                if (segment.MaxTimestamp > now - config.MinCompactionLagMs)
                {
                    break;
                }

                dirtyBytes += segment.Size;
                oldestDirtyTimestamp = Math.Min(oldestDirtyTimestamp, segment.MaxTimestamp);
                lastCleanable = i;
            }

            var dirtyEnd = lastCleanable >= 0 ? _segments[lastCleanable].NextOffset : dirtyStart;
            var ratioReached = dirtyBytes > 0 && (double)dirtyBytes / (cleanBytes + dirtyBytes) >= config.MinCleanableDirtyRatio;
            var lagReached = dirtyBytes > 0 && oldestDirtyTimestamp < now - config.MaxCompactionLagMs;
            var tombstonesDue = cleanBytes > 0 && now >= checkpoint.NextTombstoneCheckMs;
            if (lastCleanable < 0 || !(ratioReached || lagReached || tombstonesDue))
            {
                return null;
            }

            var segments = new List<LogSegment>();
            for (var i = 0; i <= lastCleanable; i++)
            {
                if (_segments[i].TryRetain())
                {
                    segments.Add(_segments[i]);
                }
            }

            return new CleaningPlan(segments, dirtyStart, dirtyEnd, checkpoint, config);
        }
    }

    /// <summary>
    /// Replaces <paramref name="replaced"/> (consecutive segments, still in the log) by the cleaned segment built
    /// in <see cref="CleaningPath"/> with base offset <paramref name="baseOffset"/> (possibly empty, when every
    /// record of the group was removed: the segment still marks where the log starts). Crash-safe: the cleaned file becomes a <c>.swap</c> before the old
    /// segments are renamed away (see <see cref="CompleteInterruptedSwaps"/>). Returns false if the log changed
    /// meanwhile (retention or deletion), in which case nothing is swapped.
    /// </summary>
    public bool SwapCleanedSegments(IReadOnlyList<LogSegment> replaced, long baseOffset)
    {
        lock (_lock)
        {
            var first = _segments.IndexOf(replaced[0]);
            if (_closed || first < 0 || first + replaced.Count >= _segments.Count ||
                !replaced.Select((s, i) => ReferenceEquals(_segments[first + i], s)).All(same => same))
            {
                return false;
            }

            var swap = LogSegment.PathFor(Directory, baseOffset, SwapExtension);
            File.Move(LogSegment.PathFor(CleaningPath, baseOffset, ".log"), swap, overwrite: true);
            foreach (var segment in replaced)
            {
                segment.DeleteWhenReleased();
            }

            _segments.RemoveRange(first, replaced.Count);
            File.Move(swap, LogSegment.PathFor(Directory, baseOffset, ".log"));
            _segments.Insert(first, LogSegment.Open(Directory, baseOffset, Config.IndexIntervalBytes, recover: true, out _));
            return true;
        }
    }

    /// <summary>Records a finished pass.</summary>
    public void CompleteCleaning(CleaningPlan plan, long nextTombstoneCheckMs)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            var retention = plan.Config.DeleteRetentionMs;
            var passes = plan.Checkpoint.Passes.Append(new CleanerPass(plan.DirtyEnd, now)).ToList();

            // Keep the newest pass old enough to define the tombstone horizon, and every younger one.
            var horizonPass = passes.LastOrDefault(p => p.TimeMs <= now - retention);
            passes = [.. passes.Where(p => p.TimeMs > now - retention || ReferenceEquals(p, horizonPass))];
            _cleanerCheckpoint = new CleanerCheckpoint(plan.DirtyEnd, passes, nextTombstoneCheckMs);
            var path = Path.Combine(Directory, CleanerCheckpointFile);
            File.WriteAllBytes(path + ".tmp", JsonSerializer.SerializeToUtf8Bytes(_cleanerCheckpoint));
            File.Move(path + ".tmp", path, overwrite: true);
        }
    }

    private CleanerCheckpoint LoadCleanerCheckpoint()
    {
        if (_cleanerCheckpoint is not null)
        {
            return _cleanerCheckpoint;
        }

        var path = Path.Combine(Directory, CleanerCheckpointFile);
        try
        {
            _cleanerCheckpoint = File.Exists(path)
                ? JsonSerializer.Deserialize<CleanerCheckpoint>(File.ReadAllBytes(path)) ?? CleanerCheckpoint.Empty
                : CleanerCheckpoint.Empty;
        }
        catch (JsonException)
        {
            _cleanerCheckpoint = CleanerCheckpoint.Empty;
        }

        return _cleanerCheckpoint;
    }
}
