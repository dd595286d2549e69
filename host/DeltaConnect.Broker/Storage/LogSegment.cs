using System.Buffers.Binary;
using System.Globalization;
using DeltaConnect.Protocol.Records;
using Microsoft.Win32.SafeHandles;

namespace DeltaConnect.Broker.Storage;

/// <summary>
/// One segment of a partition log: <c>&lt;base offset&gt;.log</c> holding record batches back to back, plus a
/// sparse offset index (<c>.index</c>: batch base offset → file position, one entry per
/// <c>index.interval.bytes</c>) and time index (<c>.timeindex</c>: max timestamp so far → base offset). Batches
/// are written with positional writes straight to the file (no user-space buffering), so an acknowledged batch
/// survives the broker process being killed; fsync is the flush policy's business.
/// Segments are reference counted: readers copying data out keep the file handle open even if compaction or
/// retention replaces the segment meanwhile.
/// </summary>
internal sealed class LogSegment : IDisposable
{
    private const int OffsetEntrySize = 8;
    private const int TimeEntrySize = 12;

    private readonly List<(int RelativeOffset, int Position)> _offsetIndex = [];
    private readonly List<(long Timestamp, int RelativeOffset)> _timeIndex = [];
    private readonly SafeFileHandle _log;
    private readonly FileStream _offsetIndexFile;
    private readonly FileStream _timeIndexFile;
    private int _bytesSinceIndexEntry;
    private int _references = 1;
    private bool _deleteWhenReleased;

    private LogSegment(string directory, long baseOffset, SafeFileHandle log, long size)
    {
        BaseOffset = baseOffset;
        LogPath = PathFor(directory, baseOffset, ".log");
        _log = log;
        Size = size;
        NextOffset = baseOffset;
        _offsetIndexFile = new FileStream(PathFor(directory, baseOffset, ".index"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        _timeIndexFile = new FileStream(PathFor(directory, baseOffset, ".timeindex"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        CreatedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Offset of the first batch this segment may hold.</summary>
    public long BaseOffset { get; }

    /// <summary>Path of the .log file.</summary>
    public string LogPath { get; }

    /// <summary>Bytes of record batches in the file.</summary>
    public long Size { get; private set; }

    /// <summary>One past the last offset in this segment (the base offset when empty).</summary>
    public long NextOffset { get; private set; }

    /// <summary>Largest batch max-timestamp seen (-1 when empty).</summary>
    public long MaxTimestamp { get; private set; } = -1;

    /// <summary>When the segment was created or opened; drives <c>segment.ms</c> rolling.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>True when no batch has been written.</summary>
    public bool IsEmpty => Size == 0;

    /// <summary>The file handle, for positional reads by <see cref="SegmentSlice"/>.</summary>
    public SafeFileHandle Handle => _log;

    /// <summary>Creates a new, empty segment.</summary>
    public static LogSegment Create(string directory, long baseOffset)
    {
        var path = PathFor(directory, baseOffset, ".log");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var segment = new LogSegment(directory, baseOffset, handle, 0);
        segment._offsetIndexFile.SetLength(0);
        segment._timeIndexFile.SetLength(0);
        return segment;
    }

    /// <summary>
    /// Opens an existing segment. With <paramref name="recover"/> the whole file is scanned: every batch is
    /// CRC-checked, a torn or corrupt tail is truncated and the indexes are rebuilt. Otherwise the indexes
    /// are loaded and only the part after the last index entry is scanned.
    /// </summary>
    public static LogSegment Open(string directory, long baseOffset, int indexIntervalBytes, bool recover, out long truncatedBytes)
    {
        var path = PathFor(directory, baseOffset, ".log");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var segment = new LogSegment(directory, baseOffset, handle, RandomAccess.GetLength(handle));
        truncatedBytes = recover ? segment.Recover(indexIntervalBytes) : segment.LoadIndexes(indexIntervalBytes);
        return segment;
    }

    /// <summary>Parses the base offset from a segment file name.</summary>
    public static bool TryParseBaseOffset(string fileName, out long baseOffset) =>
        long.TryParse(Path.GetFileNameWithoutExtension(fileName), NumberStyles.None, CultureInfo.InvariantCulture, out baseOffset);

    /// <summary>Path of a segment file with the given extension.</summary>
    public static string PathFor(string directory, long baseOffset, string extension) =>
        Path.Combine(directory, baseOffset.ToString("D20", CultureInfo.InvariantCulture) + extension);

    /// <summary>Appends one batch whose offsets have been assigned.</summary>
    public void Append(ReadOnlySpan<byte> batch, long baseOffset, long lastOffset, long maxTimestamp, int indexIntervalBytes)
    {
        var position = Size;
        RandomAccess.Write(_log, batch, position);
        Size += batch.Length;
        NextOffset = lastOffset + 1;
        Index(new BatchInfo(position, batch.Length, baseOffset, lastOffset, maxTimestamp), indexIntervalBytes);
    }

    /// <summary>Forces written data to disk.</summary>
    public void Flush()
    {
        RandomAccess.FlushToDisk(_log);
        _offsetIndexFile.Flush(flushToDisk: true);
        _timeIndexFile.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Finds the batches to return for a fetch at <paramref name="offset"/>: starting with the batch that holds
    /// the offset (or the first after it — compaction leaves gaps), whole batches up to <paramref name="maxBytes"/>,
    /// but always at least one batch so a consumer can make progress past a large batch.
    /// Returns false when no batch at or after the offset exists below <paramref name="end"/>.
    /// </summary>
    public bool TryLocate(long offset, int maxBytes, long end, out long position, out int length)
    {
        position = 0;
        length = 0;
        using var scanner = new SegmentScanner(_log, end);
        var current = StartPositionFor(offset);
        while (scanner.TryRead(current, out var batch))
        {
            if (batch.LastOffset >= offset)
            {
                position = batch.Position;
                long total = batch.Size;
                var next = batch.Position + batch.Size;
                while (scanner.TryRead(next, out var following) && total + following.Size <= maxBytes)
                {
                    total += following.Size;
                    next += following.Size;
                }

                length = (int)Math.Min(total, int.MaxValue);
                return true;
            }

            current += batch.Size;
        }

        return false;
    }

    /// <summary>The batches of this segment in order, from the one holding <paramref name="fromOffset"/> on.</summary>
    public IEnumerable<BatchInfo> Batches(long fromOffset = 0)
    {
        var end = Size;
        using var scanner = new SegmentScanner(_log, end);
        var position = StartPositionFor(fromOffset);
        while (scanner.TryRead(position, out var batch))
        {
            if (batch.LastOffset >= fromOffset)
            {
                yield return batch;
            }

            position += batch.Size;
        }
    }

    /// <summary>
    /// The offset to start scanning from for the first record with timestamp ≥ <paramref name="timestamp"/>,
    /// using the time index (largest entry whose timestamp is below the target).
    /// </summary>
    public long ScanStartForTimestamp(long timestamp)
    {
        var index = _timeIndex.FindLastIndex(e => e.Timestamp < timestamp);
        return index < 0 ? BaseOffset : BaseOffset + _timeIndex[index].RelativeOffset;
    }

    /// <summary>Reads the header of one batch.</summary>
    public RecordBatchHeader ReadHeader(in BatchInfo batch)
    {
        Span<byte> header = stackalloc byte[RecordBatchHeader.Size];
        RandomAccess.Read(_log, header, batch.Position);
        return RecordBatchHeader.Read(header);
    }

    /// <summary>Reads the bytes of one batch.</summary>
    public byte[] ReadBatch(in BatchInfo batch)
    {
        var bytes = new byte[batch.Size];
        RandomAccess.Read(_log, bytes, batch.Position);
        return bytes;
    }

    /// <summary>Takes a reference that keeps the file open until <see cref="Release"/>.</summary>
    public bool TryRetain()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Drops a reference; the last one closes the files (and deletes them when marked).</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Close();
        }
    }

    /// <summary>
    /// Renames the segment's files to <c>*.deleted</c> at once (so a replacement segment may take the name) and
    /// deletes them once the last reader releases the segment.
    /// </summary>
    public void DeleteWhenReleased()
    {
        foreach (var path in FilePaths())
        {
            if (File.Exists(path))
            {
                File.Move(path, path + DeletedSuffix, overwrite: true);
            }
        }

        _deleteWhenReleased = true;
        Release();
    }

    /// <summary>Suffix of segment files waiting to be deleted (removed at start-up if a crash left them).</summary>
    public const string DeletedSuffix = ".deleted";

    /// <inheritdoc />
    public void Dispose() => Release();

    private long StartPositionFor(long offset)
    {
        var low = 0;
        var high = _offsetIndex.Count - 1;
        var found = -1;
        var relative = offset - BaseOffset;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (_offsetIndex[mid].RelativeOffset <= relative)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found < 0 ? 0 : _offsetIndex[found].Position;
    }

    private void Index(in BatchInfo batch, int indexIntervalBytes)
    {
        if (batch.MaxTimestamp > MaxTimestamp)
        {
            MaxTimestamp = batch.MaxTimestamp;
        }

        _bytesSinceIndexEntry += batch.Size;
        if (_offsetIndex.Count > 0 && _bytesSinceIndexEntry < indexIntervalBytes)
        {
            return;
        }

        _bytesSinceIndexEntry = 0;
        var relative = (int)(batch.BaseOffset - BaseOffset);
        _offsetIndex.Add((relative, (int)batch.Position));
        Span<byte> entry = stackalloc byte[TimeEntrySize];
        BinaryPrimitives.WriteInt32BigEndian(entry, relative);
        BinaryPrimitives.WriteInt32BigEndian(entry[4..], (int)batch.Position);
        _offsetIndexFile.Write(entry[..OffsetEntrySize]);

        if (_timeIndex.Count == 0 || MaxTimestamp > _timeIndex[^1].Timestamp)
        {
            _timeIndex.Add((MaxTimestamp, relative));
            BinaryPrimitives.WriteInt64BigEndian(entry, MaxTimestamp);
            BinaryPrimitives.WriteInt32BigEndian(entry[8..], relative);
            _timeIndexFile.Write(entry);
        }
    }

    private long LoadIndexes(int indexIntervalBytes)
    {
        var offsetBytes = new byte[_offsetIndexFile.Length - (_offsetIndexFile.Length % OffsetEntrySize)];
        _offsetIndexFile.Position = 0;
        _offsetIndexFile.ReadExactly(offsetBytes);
        for (var i = 0; i < offsetBytes.Length; i += OffsetEntrySize)
        {
            var relative = BinaryPrimitives.ReadInt32BigEndian(offsetBytes.AsSpan(i));
            var entryPosition = BinaryPrimitives.ReadInt32BigEndian(offsetBytes.AsSpan(i + 4));
            if (entryPosition >= Size || (_offsetIndex.Count > 0 && entryPosition <= _offsetIndex[^1].Position))
            {
                // An index entry beyond the data or out of order: the index cannot be trusted, rebuild it.
                return Recover(indexIntervalBytes);
            }

            _offsetIndex.Add((relative, entryPosition));
        }

        var timeBytes = new byte[_timeIndexFile.Length - (_timeIndexFile.Length % TimeEntrySize)];
        _timeIndexFile.Position = 0;
        _timeIndexFile.ReadExactly(timeBytes);
        for (var i = 0; i < timeBytes.Length; i += TimeEntrySize)
        {
            _timeIndex.Add((BinaryPrimitives.ReadInt64BigEndian(timeBytes.AsSpan(i)), BinaryPrimitives.ReadInt32BigEndian(timeBytes.AsSpan(i + 8))));
        }

        _offsetIndexFile.Seek(offsetBytes.Length, SeekOrigin.Begin);
        _timeIndexFile.Seek(timeBytes.Length, SeekOrigin.Begin);
        MaxTimestamp = _timeIndex.Count > 0 ? _timeIndex[^1].Timestamp : -1;

        // Walk from the last indexed batch to the end to learn the next offset and the latest timestamps.
        using var scanner = new SegmentScanner(_log, Size);
        var lastIndexed = _offsetIndex.Count > 0 ? _offsetIndex[^1].Position : 0L;
        var position = lastIndexed;
        while (scanner.TryRead(position, out var batch))
        {
            NextOffset = batch.LastOffset + 1;
            MaxTimestamp = Math.Max(MaxTimestamp, batch.MaxTimestamp);
            position += batch.Size;
        }

        _bytesSinceIndexEntry = _offsetIndex.Count == 0 ? int.MaxValue : (int)(position - lastIndexed);

        if (position != Size)
        {
            // The data ends in a partial batch although the shutdown was clean: recover properly.
            ResetIndexes();
            return Recover(indexIntervalBytes);
        }

        return 0;
    }

    private long Recover(int indexIntervalBytes)
    {
        ResetIndexes();
        var fileSize = Size;
        using var scanner = new SegmentScanner(_log, fileSize);
        long position = 0;
        var expectedBase = BaseOffset;
        while (scanner.TryRead(position, out var batch) && batch.BaseOffset >= expectedBase && scanner.IsIntact(batch))
        {
            Size = position + batch.Size;
            NextOffset = batch.LastOffset + 1;
            Index(batch, indexIntervalBytes);
            expectedBase = NextOffset;
            position += batch.Size;
        }

        Size = position;
        if (position < fileSize)
        {
            RandomAccess.SetLength(_log, position);
        }

        return fileSize - position;
    }

    private void ResetIndexes()
    {
        _offsetIndex.Clear();
        _timeIndex.Clear();
        _offsetIndexFile.SetLength(0);
        _timeIndexFile.SetLength(0);
        _bytesSinceIndexEntry = 0;
        MaxTimestamp = -1;
        NextOffset = BaseOffset;
    }

    private void Close()
    {
        _offsetIndexFile.Dispose();
        _timeIndexFile.Dispose();
        _log.Dispose();
        if (_deleteWhenReleased)
        {
            foreach (var path in FilePaths())
            {
                File.Delete(path + DeletedSuffix);
            }
        }
    }

    private string[] FilePaths() =>
        [LogPath, Path.ChangeExtension(LogPath, ".index"), Path.ChangeExtension(LogPath, ".timeindex")];
}
