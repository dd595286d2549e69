using System.IO.Hashing;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker.Storage;

/// <summary>
/// Log compaction for topics with cleanup.policy=compact: keeps the latest record per key, preserving offsets.
/// A pass (1) maps each key of the dirty range to its latest offset — key hashes in a map bounded by the dedupe
/// buffer, filled with whole segments; (2) rewrites the closed segments up to the end of that range, grouped
/// into segments of at most segment.bytes, keeping a record only if no later record has its key; tombstones
/// are kept until a pass that had already covered them is delete.retention.ms old; (3) swaps each rewritten
/// group in. Batches keep their base offset, last offset delta, codec, timestamps and producer fields. A batch
/// that loses every record is dropped, except the last one of each group, which stays as an empty batch (as Kafka
/// keeps for producer state) so that a consumer fetching inside the gap is carried past it.
/// </summary>
internal sealed class LogCleaner(long dedupeBufferBytes, ILogger logger, TimeProvider time)
{
    // Map entry: 16-byte key hash + 8-byte offset + dictionary overhead, counted generously.
    private const int BytesPerMapEntry = 48;

    /// <summary>Cleans <paramref name="log"/> if it needs it; returns true when a pass ran.</summary>
    public bool TryClean(PartitionLog log)
    {
        var plan = log.PlanCleaning();
        if (plan is null)
        {
            return false;
        }

        try
        {
            Clean(log, plan);
            return true;
        }
        finally
        {
            foreach (var segment in plan.Segments)
            {
                segment.Release();
            }

            if (Directory.Exists(log.CleaningPath))
            {
                Directory.Delete(log.CleaningPath, recursive: true);
            }
        }
    }

    private static UInt128 Hash(ReadOnlySpan<byte> key) => XxHash128.HashToUInt128(key);

    private void Clean(PartitionLog log, CleaningPlan plan)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (map, dirtyEnd) = BuildOffsetMap(plan);
        plan = plan with { DirtyEnd = dirtyEnd };
        var tombstoneHorizon = plan.Checkpoint.TombstoneHorizon(now, plan.Config.DeleteRetentionMs);
        var nextTombstoneCheck = long.MaxValue;
        long before = 0;
        long after = 0;
        var removed = 0L;

        foreach (var group in Group(plan.Segments.Where(s => s.NextOffset <= dirtyEnd).ToList(), plan.Config.SegmentBytes))
        {
            Directory.CreateDirectory(log.CleaningPath);
            var cleaned = LogSegment.Create(log.CleaningPath, group[0].BaseOffset);
            try
            {
                var lastBatchOfGroup = LastBatchOf(group);
                foreach (var segment in group)
                {
                    before += segment.Size;
                    foreach (var batchInfo in segment.Batches())
                    {
                        var bytes = segment.ReadBatch(batchInfo);
                        var header = RecordBatchHeader.Read(bytes);
                        using var scratch = new PooledBufferWriter();
                        var records = RecordBatchReader.ReadRecords(bytes, scratch);
                        var kept = new List<Record>(records.Count);
                        foreach (var record in records)
                        {
                            if (!Retain(record, map, tombstoneHorizon))
                            {
                                removed++;
                                continue;
                            }

                            kept.Add(record);
                            if (record.IsTombstone)
                            {
                                // Covered by this pass at the latest; droppable once that is delete.retention.ms old.
                                var coveredAt = plan.Checkpoint.FirstCoveredAt(record.Offset) ?? now;
                                nextTombstoneCheck = Math.Min(nextTombstoneCheck, coveredAt + plan.Config.DeleteRetentionMs);
                            }
                        }

                        if (kept.Count == 0 && batchInfo.BaseOffset != lastBatchOfGroup)
                        {
                            continue;
                        }

                        using var output = new PooledBufferWriter(bytes.Length);
                        if (kept.Count == records.Count)
                        {
                            output.GetSpan(bytes.Length);
                            bytes.CopyTo(output.GetSpan(bytes.Length));
                            output.Advance(bytes.Length);
                        }
                        else
                        {
                            RecordBatchBuilder.Write(output, kept, new RecordBatchOptions
                            {
                                BaseOffset = header.BaseOffset,
                                LastOffsetDelta = header.LastOffsetDelta,
                                BaseTimestamp = header.BaseTimestamp,
                                MaxTimestamp = header.IsLogAppendTime ? header.MaxTimestamp : null,
                                LogAppendTime = header.IsLogAppendTime,
                                // The group's last batch stays, empty if need be, so that its offsets still
                                // lead consumers on to the next segment (or to the end of the log).
                                Compression = kept.Count == 0 ? CompressionType.None : header.Compression,
                                ProducerId = header.ProducerId,
                                ProducerEpoch = header.ProducerEpoch,
                                BaseSequence = header.BaseSequence,
                                PartitionLeaderEpoch = header.PartitionLeaderEpoch,
                            });
                        }

                        var written = RecordBatchHeader.Read(output.WrittenSpan);
                        cleaned.Append(output.WrittenSpan, written.BaseOffset, written.LastOffset, written.MaxTimestamp, plan.Config.IndexIntervalBytes);
                    }
                }

                after += cleaned.Size;
                cleaned.Flush();
            }
            finally
            {
                cleaned.Release();
            }

            if (!log.SwapCleanedSegments(group, group[0].BaseOffset))
            {
                BrokerLog.CleaningAbandoned(logger, log.TopicPartition);
                return;
            }

            Directory.Delete(log.CleaningPath, recursive: true);
        }

        log.CompleteCleaning(plan, nextTombstoneCheck);
        BrokerLog.Compacted(logger, log.TopicPartition, dirtyEnd, removed, before, after);
    }

    private static long LastBatchOf(List<LogSegment> group)
    {
        for (var i = group.Count - 1; i >= 0; i--)
        {
            var last = group[i].Batches().LastOrDefault();
            if (last.Size > 0)
            {
                return last.BaseOffset;
            }
        }

        return -1;
    }

    private static bool Retain(in Record record, Dictionary<UInt128, long> map, long tombstoneHorizon)
    {
        if (record.Key is not { } key)
        {
            // Written before the topic became compacted: it cannot be superseded, keep it.
            return true;
        }

        if (map.TryGetValue(Hash(key.Span), out var latest) && latest > record.Offset)
        {
            return false;
        }

        return !record.IsTombstone || record.Offset >= tombstoneHorizon;
    }

    private (Dictionary<UInt128, long> Map, long DirtyEnd) BuildOffsetMap(CleaningPlan plan)
    {
        var capacity = Math.Max(1024, dedupeBufferBytes / BytesPerMapEntry);
        var map = new Dictionary<UInt128, long>();
        var dirtyEnd = plan.DirtyStart;
        foreach (var segment in plan.Segments.Where(s => s.NextOffset > plan.DirtyStart && s.BaseOffset < plan.DirtyEnd))
        {
            // Whole segments only, so the dirty range ends on a segment boundary; the first always goes in.
            var entries = new List<(UInt128 Hash, long Offset)>();
            foreach (var batchInfo in segment.Batches(plan.DirtyStart))
            {
                using var scratch = new PooledBufferWriter();
                foreach (var record in RecordBatchReader.ReadRecords(segment.ReadBatch(batchInfo), scratch))
                {
                    if (record.Offset >= plan.DirtyStart && record.Key is { } key)
                    {
                        entries.Add((Hash(key.Span), record.Offset));
                    }
                }
            }

            if (map.Count > 0 && map.Count + entries.Count > capacity)
            {
                break;
            }

            foreach (var (hash, offset) in entries)
            {
                map[hash] = offset;
            }

            dirtyEnd = segment.NextOffset;
        }

        return (map, dirtyEnd);
    }

    private static IEnumerable<List<LogSegment>> Group(List<LogSegment> segments, int maxBytes)
    {
        var group = new List<LogSegment>();
        long size = 0;
        foreach (var segment in segments)
        {
            if (group.Count > 0 && (size + segment.Size > maxBytes || segment.NextOffset - group[0].BaseOffset > int.MaxValue))
            {
                yield return group;
                group = [];
                size = 0;
            }

            group.Add(segment);
            size += segment.Size;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }
}
