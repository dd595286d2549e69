using System.Buffers;
using System.Buffers.Binary;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Microsoft.Win32.SafeHandles;

namespace DeltaConnect.Broker.Storage;

/// <summary>
/// Walks the record batches of a segment file by reading their headers in large chunks, so that locating an
/// offset or recovering a segment costs few system calls however small the batches are.
/// </summary>
internal sealed class SegmentScanner : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private const int HeaderPrefix = 43; // through max timestamp (offset 35 + 8)

    private readonly SafeFileHandle _file;
    private readonly long _end;
    private byte[] _chunk;
    private long _chunkPosition = -1;
    private int _chunkLength;

    public SegmentScanner(SafeFileHandle file, long end)
    {
        _file = file;
        _end = end;
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
    }

    /// <summary>
    /// Reads the batch header at <paramref name="position"/>; false at the end of the data or when fewer bytes
    /// than a header (or than the batch claims) remain — a torn tail.
    /// </summary>
    public bool TryRead(long position, out BatchInfo batch)
    {
        batch = default;
        if (position + RecordBatchHeader.Size > _end)
        {
            return false;
        }

        var header = Window(position, HeaderPrefix);
        var baseOffset = BinaryPrimitives.ReadInt64BigEndian(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        var size = (long)length + RecordBatchHeader.LogOverhead;
        if (length < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead || position + size > _end || header[RecordBatchHeader.MagicOffset] != 2)
        {
            return false;
        }

        var lastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(header[23..]);
        var maxTimestamp = BinaryPrimitives.ReadInt64BigEndian(header[RecordBatchHeader.MaxTimestampOffset..]);
        batch = new BatchInfo(position, (int)size, baseOffset, baseOffset + lastOffsetDelta, maxTimestamp);
        return true;
    }

    /// <summary>Reads and CRC-checks a whole batch; false if it is corrupt.</summary>
    public bool IsIntact(in BatchInfo batch)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(batch.Size);
        try
        {
            var span = buffer.AsSpan(0, batch.Size);
            if (RandomAccess.Read(_file, span, batch.Position) != batch.Size)
            {
                return false;
            }

            RecordBatchHeader.ReadValidated(span);
            return true;
        }
        catch (ProtocolException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = [];
    }

    private ReadOnlySpan<byte> Window(long position, int length)
    {
        if (position < _chunkPosition || position + length > _chunkPosition + _chunkLength)
        {
            var toRead = (int)Math.Min(ChunkSize, _end - position);
            _chunkLength = RandomAccess.Read(_file, _chunk.AsSpan(0, toRead), position);
            _chunkPosition = position;
        }

        return _chunk.AsSpan((int)(position - _chunkPosition), length);
    }
}
