namespace DeltaConnect.Protocol.Primitives;

/// <summary>A write-only stream appending to a <see cref="PooledBufferWriter"/> (for stream-based encoders).</summary>
internal sealed class BufferWriterStream(PooledBufferWriter buffer) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => buffer.WrittenCount;

    public override long Position
    {
        get => buffer.WrittenCount;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> source)
    {
        source.CopyTo(buffer.GetSpan(source.Length));
        buffer.Advance(source.Length);
    }

    public override void Write(byte[] buffer1, int offset, int count) => Write(buffer1.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer1, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
