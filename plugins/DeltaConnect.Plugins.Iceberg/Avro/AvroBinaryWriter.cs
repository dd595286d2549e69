using System.Buffers;
using System.Text;

namespace DeltaConnect.Plugins.Iceberg.Avro;

/// <summary>Avro binary encoding of the primitive forms manifests need: zig-zag varints, length-prefixed bytes and strings.</summary>
internal sealed class AvroBinaryWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void Clear() => _buffer.Clear();

    public void WriteLong(long value)
    {
        var encoded = (ulong)((value << 1) ^ (value >> 63));
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (encoded >= 0x80)
        {
            span[i++] = (byte)(encoded | 0x80);
            encoded >>= 7;
        }

        span[i++] = (byte)encoded;
        _buffer.Advance(i);
    }

    public void WriteInt(int value) => WriteLong(value);

    public void WriteBoolean(bool value) => WriteRaw([value ? (byte)1 : (byte)0]);

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteRaw(value);
    }

    public void WriteString(string value) => WriteBytes(Encoding.UTF8.GetBytes(value));

    /// <summary>Writes the branch index of a union; nullable fields here are always <c>["null", T]</c>.</summary>
    public void WriteUnionIndex(int index) => WriteLong(index);

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
