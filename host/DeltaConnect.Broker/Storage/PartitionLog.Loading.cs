using System.Globalization;

namespace DeltaConnect.Broker.Storage;

/// <summary>Opening a partition log: leftovers of interrupted operations, segment recovery, producer state.</summary>
internal sealed partial class PartitionLog
{
    private void Load(bool recover)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (file.EndsWith(LogSegment.DeletedSuffix, StringComparison.Ordinal) || file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }

        CompleteInterruptedSwaps();
        if (System.IO.Directory.Exists(CleaningPath))
        {
            System.IO.Directory.Delete(CleaningPath, recursive: true);
        }

        var startOffsetPath = Path.Combine(Directory, LogStartOffsetFile);
        var checkpointedStart = File.Exists(startOffsetPath)
            ? long.Parse(File.ReadAllText(startOffsetPath).Trim(), CultureInfo.InvariantCulture)
            : 0;

        var bases = System.IO.Directory.EnumerateFiles(Directory, "*.log")
            .Select(f => LogSegment.TryParseBaseOffset(f, out var b) ? b : -1)
            .Where(b => b >= 0)
            .Order()
            .ToList();
        for (var i = 0; i < bases.Count; i++)
        {
            var last = i == bases.Count - 1;
            var segment = LogSegment.Open(Directory, bases[i], Config.IndexIntervalBytes, recover && last, out var truncated);
            if (truncated > 0)
            {
                BrokerLog.TruncatedTornTail(_logger, TopicPartition, truncated, segment.BaseOffset);
            }

            _segments.Add(segment);
        }

        if (_segments.Count == 0)
        {
            _segments.Add(LogSegment.Create(Directory, checkpointedStart));
        }

        LogStartOffset = Math.Max(checkpointedStart, _segments[0].BaseOffset);
        RestoreProducerState();
    }

    private void RestoreProducerState()
    {
        var snapshotOffset = _producers.Load(Path.Combine(Directory, ProducerSnapshotFile));
        foreach (var segment in _segments)
        {
            if (segment.NextOffset <= snapshotOffset)
            {
                continue;
            }

            foreach (var batch in segment.Batches(snapshotOffset))
            {
                if (batch.BaseOffset >= snapshotOffset)
                {
                    _producers.Update(segment.ReadHeader(batch), batch.MaxTimestamp);
                }
            }
        }
    }

    /// <summary>
    /// A compaction swap writes the cleaned segment as <c>&lt;base&gt;.swap</c> before the segments it replaces are
    /// removed. If the broker died in between, finish the job: remove the replaced segments (those whose base offset
    /// falls inside the swap's range) and put the swap in place.
    /// </summary>
    private void CompleteInterruptedSwaps()
    {
        foreach (var swap in System.IO.Directory.EnumerateFiles(Directory, "*" + SwapExtension))
        {
            if (!LogSegment.TryParseBaseOffset(swap, out var baseOffset))
            {
                continue;
            }

            long lastOffset;
            using (var handle = File.OpenHandle(swap))
            using (var scanner = new SegmentScanner(handle, RandomAccess.GetLength(handle)))
            {
                lastOffset = baseOffset;
                long position = 0;
                while (scanner.TryRead(position, out var batch))
                {
                    lastOffset = batch.LastOffset;
                    position += batch.Size;
                }
            }

            foreach (var log in System.IO.Directory.EnumerateFiles(Directory, "*.log"))
            {
                if (LogSegment.TryParseBaseOffset(log, out var b) && b >= baseOffset && b <= lastOffset)
                {
                    File.Delete(log);
                    File.Delete(Path.ChangeExtension(log, ".index"));
                    File.Delete(Path.ChangeExtension(log, ".timeindex"));
                }
            }

            File.Move(swap, LogSegment.PathFor(Directory, baseOffset, ".log"));
            File.Delete(LogSegment.PathFor(Directory, baseOffset, ".index"));
            File.Delete(LogSegment.PathFor(Directory, baseOffset, ".timeindex"));
            BrokerLog.CompletedInterruptedSwap(_logger, TopicPartition, baseOffset);
        }
    }
}
