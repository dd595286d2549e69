using System.Buffers.Binary;
using System.Text;

namespace DeltaConnect.Protocol.Primitives;

/// <summary>
/// Writes Kafka protocol primitives into a pooled buffer. Like <see cref="ProtocolReader"/>, the
/// <see cref="Flexible"/> flag selects compact strings, arrays and bytes and makes
/// <see cref="WriteEmptyTaggedFields"/> emit the (empty) tagged-field section.
/// </summary>
public sealed class ProtocolWriter
{
    private readonly PooledBufferWriter _buffer;

    /// <summary>Creates a writer appending to <paramref name="buffer"/>.</summary>
    public ProtocolWriter(PooledBufferWriter buffer, bool flexible = false)
    {
        _buffer = buffer;
        Flexible = flexible;
    }

    /// <summary>True when writing the flexible (compact, tagged) encoding.</summary>
    public bool Flexible { get; set; }

    /// <summary>The underlying buffer.</summary>
    public PooledBufferWriter Buffer => _buffer;

    /// <summary>Bytes written to the underlying buffer so far.</summary>
    public int Position => _buffer.WrittenCount;

    /// <summary>Writes a signed byte.</summary>
    public void WriteInt8(sbyte value)
    {
        _buffer.GetSpan(1)[0] = (byte)value;
        _buffer.Advance(1);
    }

    /// <summary>Writes a boolean as one byte.</summary>
    public void WriteBoolean(bool value) => WriteInt8(value ? (sbyte)1 : (sbyte)0);

    /// <summary>Writes a big-endian 16-bit integer.</summary>
    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    /// <summary>Writes a big-endian 32-bit integer.</summary>
    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    /// <summary>Writes a big-endian 64-bit integer.</summary>
    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>Writes a UUID, most significant half first.</summary>
    public void WriteUuid(Guid value)
    {
        value.TryWriteBytes(_buffer.GetSpan(16), bigEndian: true, out _);
        _buffer.Advance(16);
    }

    /// <summary>Writes an unsigned LEB128 varint.</summary>
    public void WriteUnsignedVarInt(uint value)
    {
        var span = _buffer.GetSpan(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    /// <summary>Writes a zig-zag encoded signed varint.</summary>
    public void WriteVarInt(int value) => WriteUnsignedVarInt((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Writes a zig-zag encoded signed varlong.</summary>
    public void WriteVarLong(long value)
    {
        var raw = (ulong)((value << 1) ^ (value >> 63));
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (raw >= 0x80)
        {
            span[i++] = (byte)(raw | 0x80);
            raw >>= 7;
        }

        span[i++] = (byte)raw;
        _buffer.Advance(i);
    }

    /// <summary>Writes a string (null allowed: the field must be nullable in this version).</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteLength(-1, compactNull: true, int16: true);
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (!Flexible && byteCount > short.MaxValue)
        {
            throw new ProtocolException($"A string of {byteCount} UTF-8 bytes does not fit the INT16 length of a non-flexible protocol string (at most {short.MaxValue}).");
        }

        WriteLength(byteCount, compactNull: false, int16: true);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(byteCount));
        _buffer.Advance(byteCount);
    }

    /// <summary>Writes bytes with a length prefix (null allowed where the field is nullable).</summary>
    public void WriteBytes(ReadOnlySpan<byte> value, bool isNull = false)
    {
        if (isNull)
        {
            WriteLength(-1, compactNull: true, int16: false);
            return;
        }

        WriteLength(value.Length, compactNull: false, int16: false);
        WriteRaw(value);
    }

    /// <summary>Writes an array length (-1 for null).</summary>
    public void WriteArrayLength(int count) => WriteLength(count, compactNull: count < 0, int16: false);

    /// <summary>Writes an array of 32-bit integers.</summary>
    public void WriteInt32Array(IReadOnlyList<int>? values)
    {
        if (values is null)
        {
            WriteArrayLength(-1);
            return;
        }

        WriteArrayLength(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            WriteInt32(values[i]);
        }
    }

    /// <summary>
    /// Writes an array of structures: the length, then each element through <paramref name="writeElement"/>
    /// followed (in flexible bodies) by its empty tagged-field section. Null writes a null array.
    /// </summary>
    public void WriteStructArray<T>(IReadOnlyList<T>? items, Action<ProtocolWriter, T> writeElement)
    {
        if (items is null)
        {
            WriteArrayLength(-1);
            return;
        }

        WriteArrayLength(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            writeElement(this, items[i]);
            WriteEmptyTaggedFields();
        }
    }

    /// <summary>Writes an array of strings.</summary>
    public void WriteStringArray(IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            WriteArrayLength(-1);
            return;
        }

        WriteArrayLength(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            WriteString(values[i]);
        }
    }

    /// <summary>Writes an empty tagged-field section (no-op for non-flexible bodies).</summary>
    public void WriteEmptyTaggedFields()
    {
        if (Flexible)
        {
            WriteUnsignedVarInt(0);
        }
    }

    /// <summary>Copies bytes verbatim.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    /// <summary>Reserves four bytes for a big-endian INT32 filled in later by <see cref="PatchInt32"/>.</summary>
    public int ReserveInt32()
    {
        var position = _buffer.WrittenCount;
        WriteInt32(0);
        return position;
    }

    /// <summary>Overwrites a previously reserved INT32.</summary>
    public void PatchInt32(int position, int value) =>
        BinaryPrimitives.WriteInt32BigEndian(_buffer.WrittenSpanForPatching.Slice(position, 4), value);

    private void WriteLength(int length, bool compactNull, bool int16)
    {
        if (Flexible)
        {
            WriteUnsignedVarInt(compactNull ? 0u : (uint)length + 1);
        }
        else if (int16)
        {
            WriteInt16((short)length);
        }
        else
        {
            WriteInt32(length);
        }
    }
}
