using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Storage;

/// <summary>
/// A byte range of a segment file handed to a fetch response. It holds a reference on the segment so the
/// file stays open while the response is written, even if compaction or retention replaces the segment.
/// </summary>
internal sealed class SegmentSlice : IRecordsSource, IDisposable
{
    private LogSegment? _segment;

    public SegmentSlice(LogSegment segment, long position, int length)
    {
        _segment = segment;
        Position = position;
        Length = length;
    }

    public long Position { get; }

    public int Length { get; }

    public void CopyTo(Span<byte> destination)
    {
        var segment = _segment ?? throw new ObjectDisposedException(nameof(SegmentSlice));
        var copied = 0;
        while (copied < Length)
        {
            var read = RandomAccess.Read(segment.Handle, destination[copied..Length], Position + copied);
            if (read == 0)
            {
                // The file is shorter than when the slice was taken (it cannot be, segments only grow):
                // fail loudly rather than send zeros.
                throw new IOException($"Segment {segment.LogPath} ended after {copied} of {Length} bytes at position {Position}.");
            }

            copied += read;
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _segment, null)?.Release();
    }
}
