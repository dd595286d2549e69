using System.Globalization;
using System.Runtime.InteropServices;
using DeltaConnect.Broker.Producers;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker.Storage;

/// <summary>
/// The log of one partition: an ordered list of segments, the last of which takes appends. Owns offset
/// assignment, idempotent-producer checks, the log start offset (advanced by retention and DeleteRecords),
/// flushing, and the wake-up of fetches waiting for data. All mutations happen under one lock; reads locate
/// data under the lock and copy it outside, holding a reference on the segment.
/// </summary>
internal sealed partial class PartitionLog : IDisposable
{
    private const string LogStartOffsetFile = "log-start-offset";
    private const string ProducerSnapshotFile = "producer-state.json";
    private const string CleaningDirectory = ".cleaning";
    private const string SwapExtension = ".swap";

    private readonly Lock _lock = new();
    private readonly List<LogSegment> _segments = [];
    private readonly ProducerStateTable _producers = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private TaskCompletionSource _appended = NewSignal();
    private long _unflushedMessages;
    private long _lastFlushMs;
    private bool _closed;

    private PartitionLog(string directory, TopicPartition topicPartition, LogConfig config, ILogger logger, TimeProvider time)
    {
        Directory = directory;
        TopicPartition = topicPartition;
        Config = config;
        _logger = logger;
        _time = time;
        _lastFlushMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    public TopicPartition TopicPartition { get; }

    public string Directory { get; }

    /// <summary>The effective topic config; replaced when the topic's configs change.</summary>
    public LogConfig Config { get; set; }

    /// <summary>First offset a consumer can read.</summary>
    public long LogStartOffset { get; private set; }

    /// <summary>Offset the next appended record gets.</summary>
    public long LogEndOffset
    {
        get
        {
            lock (_lock)
            {
                return _segments[^1].NextOffset;
            }
        }
    }

    /// <summary>Total bytes in all segments.</summary>
    public long Size
    {
        get
        {
            lock (_lock)
            {
                return _segments.Sum(s => s.Size);
            }
        }
    }

    /// <summary>Directory used by the cleaner to build replacement segments.</summary>
    public string CleaningPath => Path.Combine(Directory, CleaningDirectory);

    /// <summary>
    /// Opens (or creates) the log in <paramref name="directory"/>. With <paramref name="recover"/> (the broker did not
    /// shut down cleanly) the last segment is scanned and CRC-checked and a torn tail is truncated.
    /// </summary>
    public static PartitionLog Open(string directory, TopicPartition topicPartition, LogConfig config, bool recover, ILogger logger, TimeProvider time)
    {
        System.IO.Directory.CreateDirectory(directory);
        var log = new PartitionLog(directory, topicPartition, config, logger, time);
        log.Load(recover);
        return log;
    }

    /// <summary>
    /// Validates and appends the record batches of one produce partition. Offsets are assigned in place in
    /// <paramref name="records"/> (the request buffer, which the caller owns).
    /// </summary>
    public AppendResult Append(ReadOnlyMemory<byte> records, short acks)
    {
        var config = Config;
        if (acks == -1 && config.MinInsyncReplicas > 1)
        {
            return AppendResult.Failed(
                ErrorCode.NotEnoughReplicas,
                $"Topic {TopicPartition.Topic} has min.insync.replicas={config.MinInsyncReplicas} but this single-node broker is the only replica; set it to 1.");
        }

        var buffer = MemoryMarshal.AsMemory(records);
        var batches = new List<(int Start, RecordBatchHeader Header)>(1);
        var position = 0;
        try
        {
            while (position < buffer.Length)
            {
                if (buffer.Length - position < RecordBatchHeader.Size)
                {
                    throw new ProtocolException($"Produce data ends with {buffer.Length - position} byte(s), too few for a record batch header.");
                }

                var header = RecordBatchHeader.Read(buffer.Span[position..]);
                if (header.TotalSize > buffer.Length - position || header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead)
                {
                    throw new ProtocolException($"Record batch at byte {position} claims {header.TotalSize} bytes but {buffer.Length - position} remain.");
                }

                header = RecordBatchHeader.ReadValidated(buffer.Span.Slice(position, header.TotalSize));
                if (header.TotalSize > config.MaxMessageBytes)
                {
                    return AppendResult.Failed(
                        ErrorCode.MessageTooLarge,
                        $"Record batch of {header.TotalSize} bytes exceeds max.message.bytes={config.MaxMessageBytes} of topic {TopicPartition.Topic}.");
                }

                if (header.IsTransactional || header.IsControl)
                {
                    return AppendResult.Failed(ErrorCode.UnsupportedForMessageFormat, "Transactional and control batches are not supported by this broker yet.");
                }

                if (config.Compact && !AllRecordsHaveKeys(buffer.Slice(position, header.TotalSize)))
                {
                    return AppendResult.Failed(
                        ErrorCode.InvalidRecord,
                        $"Compacted topic {TopicPartition.Topic} cannot accept a record without a key (cleanup.policy contains compact).");
                }

                batches.Add((position, header));
                position += header.TotalSize;
            }
        }
        catch (ProtocolException e)
        {
            return AppendResult.Failed(ErrorCode.CorruptMessage, e.Message);
        }

        if (batches.Count == 0)
        {
            return AppendResult.Failed(ErrorCode.InvalidRecord, "The produce request holds no record batch for this partition.");
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            long firstOffset = -1;
            foreach (var (start, header) in batches)
            {
                var check = _producers.Check(header);
                if (check.Error != ErrorCode.None)
                {
                    return AppendResult.Failed(check.Error, check.Message!, LogStartOffset);
                }

                if (check.Duplicate is { } duplicate)
                {
                    BrokerLog.DuplicateBatch(_logger, TopicPartition, header.ProducerId, duplicate.FirstSequence, duplicate.LastSequence, duplicate.FirstOffset);
                    firstOffset = firstOffset < 0 ? duplicate.FirstOffset : firstOffset;
                    continue;
                }

                var batch = buffer.Span.Slice(start, header.TotalSize);
                var active = ActiveSegmentFor(batch.Length, now);
                var baseOffset = active.NextOffset;
                RecordBatchHeader.WriteBaseOffset(batch, baseOffset);
                RecordBatchHeader.WritePartitionLeaderEpoch(batch, 0);
                var maxTimestamp = header.MaxTimestamp;
                if (config.LogAppendTime)
                {
                    StampLogAppendTime(batch, now);
                    maxTimestamp = now;
                }

                active.Append(batch, baseOffset, baseOffset + header.LastOffsetDelta, maxTimestamp, config.IndexIntervalBytes);
                _producers.Update(header with { BaseOffset = baseOffset }, now);
                firstOffset = firstOffset < 0 ? baseOffset : firstOffset;
                _unflushedMessages += header.RecordCount;
            }

            if (_unflushedMessages >= config.FlushMessages)
            {
                FlushLocked(now);
            }

            var signal = _appended;
            _appended = NewSignal();
            signal.TrySetResult();
            return new AppendResult(ErrorCode.None, firstOffset, config.LogAppendTime ? now : -1, LogStartOffset, null);
        }
    }

    /// <summary>
    /// Locates up to <paramref name="maxBytes"/> of whole batches starting at <paramref name="offset"/> (at least one
    /// batch when any exists). An offset outside [log start, log end] is OFFSET_OUT_OF_RANGE.
    /// </summary>
    public ReadResult Read(long offset, int maxBytes)
    {
        lock (_lock)
        {
            var end = _segments[^1].NextOffset;
            if (offset < LogStartOffset || offset > end)
            {
                return new ReadResult(ErrorCode.OffsetOutOfRange, end, LogStartOffset, null);
            }

            for (var i = SegmentIndexFor(offset); i < _segments.Count; i++)
            {
                var segment = _segments[i];
                if (segment.TryLocate(offset, Math.Max(maxBytes, 1), segment.Size, out var position, out var length) && segment.TryRetain())
                {
                    return new ReadResult(ErrorCode.None, end, LogStartOffset, new SegmentSlice(segment, position, length));
                }
            }

            return new ReadResult(ErrorCode.None, end, LogStartOffset, null);
        }
    }

    /// <summary>
    /// A task that completes at the next append, for fetches waiting for data. Take it, then check the log end
    /// offset, then await it, so that an append between the check and the wait is not missed.
    /// </summary>
    public Task NextAppend
    {
        get
        {
            lock (_lock)
            {
                return _appended.Task;
            }
        }
    }

    /// <summary>
    /// Offset and timestamp of the first record whose timestamp is at least <paramref name="timestamp"/>, or (-1, -1)
    /// when there is none. <see cref="ListOffsetsRequest.MaxTimestamp"/> asks for the record with the largest timestamp.
    /// </summary>
    public (long Offset, long Timestamp) OffsetForTimestamp(long timestamp)
    {
        LogSegment[] segments;
        lock (_lock)
        {
            segments = [.. _segments.Where(s => s.TryRetain())];
        }

        try
        {
            if (timestamp == ListOffsetsRequest.MaxTimestamp)
            {
                var newest = segments.Where(s => !s.IsEmpty).OrderByDescending(s => s.MaxTimestamp).FirstOrDefault();
                return newest is null ? (-1, -1) : FirstRecordAtOrAfter(newest, newest.MaxTimestamp, newest.BaseOffset, exact: true);
            }

            foreach (var segment in segments)
            {
                if (segment.MaxTimestamp >= timestamp)
                {
                    var result = FirstRecordAtOrAfter(segment, timestamp, segment.ScanStartForTimestamp(timestamp), exact: false);
                    if (result.Offset >= 0)
                    {
                        return result;
                    }
                }
            }

            return (-1, -1);
        }
        finally
        {
            foreach (var segment in segments)
            {
                segment.Release();
            }
        }
    }

    /// <summary>
    /// Advances the log start offset to <paramref name="offset"/> (-1: the high watermark) and drops segments
    /// entirely below it. Returns the new log start offset.
    /// </summary>
    public (ErrorCode Error, long LowWatermark) DeleteRecordsBefore(long offset)
    {
        lock (_lock)
        {
            var end = _segments[^1].NextOffset;
            if (offset == -1)
            {
                offset = end;
            }

            if (offset < 0 || offset > end)
            {
                return (ErrorCode.OffsetOutOfRange, LogStartOffset);
            }

            if (offset > LogStartOffset)
            {
                LogStartOffset = offset;
                SaveLogStartOffset();
                DeleteSegmentsBelowStart();
            }

            return (ErrorCode.None, LogStartOffset);
        }
    }

    /// <summary>
    /// Periodic housekeeping: rolls an active segment older than segment.ms (so retention and compaction can reach
    /// its records), deletes segments past retention.ms / retention.bytes (delete policy), and flushes by flush.ms.
    /// </summary>
    public void EnforceRetention()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var config = Config;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var active = _segments[^1];
            if (!active.IsEmpty && (_time.GetUtcNow() - active.CreatedAt).TotalMilliseconds >= config.SegmentMs)
            {
                Roll(now);
            }

            if (config.Delete)
            {
                var total = _segments.Sum(s => s.Size);
                while (_segments.Count > 1)
                {
                    var oldest = _segments[0];
                    var expired = config.RetentionMs >= 0 && oldest.MaxTimestamp >= 0 && oldest.MaxTimestamp < now - config.RetentionMs;
                    var oversized = config.RetentionBytes >= 0 && total - oldest.Size >= config.RetentionBytes;
                    if (!expired && !oversized)
                    {
                        break;
                    }

                    BrokerLog.RetentionDeletedSegment(_logger, TopicPartition, oldest.BaseOffset, oldest.Size, expired ? "retention.ms" : "retention.bytes");
                    total -= oldest.Size;
                    RemoveOldestSegment();
                }
            }

            if (_unflushedMessages > 0 && now - _lastFlushMs >= config.FlushMs)
            {
                FlushLocked(now);
            }
        }
    }

    /// <summary>Forces all written data to disk.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (!_closed)
            {
                FlushLocked(_time.GetUtcNow().ToUnixTimeMilliseconds());
            }
        }
    }

    /// <summary>Flushes, saves producer state and closes the files.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            FlushLocked(_time.GetUtcNow().ToUnixTimeMilliseconds());
            _producers.Save(Path.Combine(Directory, ProducerSnapshotFile), _segments[^1].NextOffset);
            _closed = true;
            foreach (var segment in _segments)
            {
                segment.Release();
            }

            _segments.Clear();
            _appended.TrySetResult();
        }
    }

    /// <summary>Closes the log and removes its directory (topic deletion).</summary>
    public void DeleteFiles()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var segment in _segments)
            {
                segment.DeleteWhenReleased();
            }

            _segments.Clear();
            _appended.TrySetResult();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException e)
        {
            BrokerLog.CouldNotRemoveDirectory(_logger, TopicPartition, Directory, e.Message);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static bool AllRecordsHaveKeys(ReadOnlyMemory<byte> batch)
    {
        using var scratch = new PooledBufferWriter();
        return RecordBatchReader.ReadRecords(batch, scratch).TrueForAll(r => r.Key is not null);
    }

    private static void StampLogAppendTime(Span<byte> batch, long now)
    {
        var attributes = (short)(System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..]) | 0x08);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..], attributes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.MaxTimestampOffset..], now);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(batch[RecordBatchHeader.CrcOffset..], Crc32C.Compute(batch[RecordBatchHeader.AttributesOffset..]));
    }

    private static (long Offset, long Timestamp) FirstRecordAtOrAfter(LogSegment segment, long timestamp, long scanFrom, bool exact)
    {
        foreach (var batch in segment.Batches(scanFrom))
        {
            if (batch.MaxTimestamp < timestamp)
            {
                continue;
            }

            using var scratch = new PooledBufferWriter();
            foreach (var record in RecordBatchReader.ReadRecords(segment.ReadBatch(batch), scratch))
            {
                if (exact ? record.Timestamp == timestamp : record.Timestamp >= timestamp)
                {
                    return (record.Offset, record.Timestamp);
                }
            }
        }

        return (-1, -1);
    }

    private LogSegment ActiveSegmentFor(int batchSize, long now)
    {
        var active = _segments[^1];
        var config = Config;
        if (!active.IsEmpty &&
            (active.Size + batchSize > config.SegmentBytes || (_time.GetUtcNow() - active.CreatedAt).TotalMilliseconds >= config.SegmentMs))
        {
            active = Roll(now);
        }

        return active;
    }

    private LogSegment Roll(long now)
    {
        var previous = _segments[^1];
        FlushLocked(now);
        var next = LogSegment.Create(Directory, previous.NextOffset);
        _segments.Add(next);
        _producers.Expire(now, (long)TimeSpan.FromDays(1).TotalMilliseconds);
        _producers.Save(Path.Combine(Directory, ProducerSnapshotFile), next.BaseOffset);
        BrokerLog.RolledSegment(_logger, TopicPartition, previous.BaseOffset, previous.Size, next.BaseOffset);
        return next;
    }

    private void FlushLocked(long now)
    {
        _segments[^1].Flush();
        _unflushedMessages = 0;
        _lastFlushMs = now;
    }

    private int SegmentIndexFor(long offset)
    {
        var index = _segments.FindLastIndex(s => s.BaseOffset <= offset);
        return Math.Max(index, 0);
    }

    private void DeleteSegmentsBelowStart()
    {
        while (_segments.Count > 1 && _segments[1].BaseOffset <= LogStartOffset)
        {
            RemoveOldestSegment();
        }

        if (_segments.Count == 1 && _segments[0].NextOffset <= LogStartOffset && !_segments[0].IsEmpty)
        {
            // Everything is deleted: start a fresh segment at the new log start offset.
            var old = _segments[0];
            _segments[0] = LogSegment.Create(Directory, Math.Max(LogStartOffset, old.NextOffset));
            old.DeleteWhenReleased();
        }
    }

    private void RemoveOldestSegment()
    {
        var oldest = _segments[0];
        _segments.RemoveAt(0);
        oldest.DeleteWhenReleased();
        if (_segments[0].BaseOffset > LogStartOffset)
        {
            LogStartOffset = _segments[0].BaseOffset;
            SaveLogStartOffset();
        }
    }

    private void SaveLogStartOffset()
    {
        var path = Path.Combine(Directory, LogStartOffsetFile);
        File.WriteAllText(path + ".tmp", LogStartOffset.ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
