using System.Buffers.Binary;
using System.Text;

namespace DeltaConnect.Protocol.Primitives;

/// <summary>
/// Reads Kafka protocol primitives from a message body. One reader decodes one body, which is either
/// flexible (compact strings, arrays and bytes; tagged fields) or not — the <see cref="Flexible"/> flag picks
/// the encoding so codecs read fields without repeating the version test. Every read names its field so
/// that malformed input yields an error that says what could not be read and where.
/// </summary>
public struct ProtocolReader
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private int _position;

    /// <summary>Creates a reader over <paramref name="buffer"/>.</summary>
    public ProtocolReader(ReadOnlyMemory<byte> buffer, bool flexible = false)
    {
        _buffer = buffer;
        _position = 0;
        Flexible = flexible;
    }

    /// <summary>True when the body uses the flexible (compact, tagged) encoding.</summary>
    public bool Flexible { get; set; }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Reads a signed byte.</summary>
    public sbyte ReadInt8(string field) => (sbyte)Take(1, field)[0];

    /// <summary>Reads a boolean (one byte, non-zero is true).</summary>
    public bool ReadBoolean(string field) => Take(1, field)[0] != 0;

    /// <summary>Reads a big-endian 16-bit integer.</summary>
    public short ReadInt16(string field) => BinaryPrimitives.ReadInt16BigEndian(Take(2, field));

    /// <summary>Reads a big-endian 32-bit integer.</summary>
    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32BigEndian(Take(4, field));

    /// <summary>Reads a big-endian 64-bit integer.</summary>
    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64BigEndian(Take(8, field));

    /// <summary>Reads a 16-byte UUID (as Kafka encodes it: most significant half first).</summary>
    public Guid ReadUuid(string field) => new(Take(16, field), bigEndian: true);

    /// <summary>Reads an unsigned LEB128 varint (at most 5 bytes).</summary>
    public uint ReadUnsignedVarInt(string field)
    {
        var span = _buffer.Span;
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw Truncated(field, 1);
            }

            var b = span[_position++];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new ProtocolException($"Field '{field}' at byte {_position}: varint is longer than 5 bytes.");
    }

    /// <summary>Reads a zig-zag encoded signed varint.</summary>
    public int ReadVarInt(string field)
    {
        var raw = ReadUnsignedVarInt(field);
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    /// <summary>Reads a zig-zag encoded signed varlong.</summary>
    public long ReadVarLong(string field)
    {
        var span = _buffer.Span;
        ulong raw = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= span.Length)
            {
                throw Truncated(field, 1);
            }

            var b = span[_position++];
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return (long)(raw >> 1) ^ -(long)(raw & 1);
            }
        }

        throw new ProtocolException($"Field '{field}' at byte {_position}: varlong is longer than 10 bytes.");
    }

    /// <summary>Reads a non-null string; a null on the wire is an error.</summary>
    public string ReadString(string field) =>
        ReadNullableString(field) ?? throw new ProtocolException($"Field '{field}' at byte {_position}: null where a string is required.");

    /// <summary>Reads a nullable string (INT16 length, or compact length + 1 when flexible).</summary>
    public string? ReadNullableString(string field)
    {
        var length = Flexible ? (int)ReadUnsignedVarInt(field) - 1 : ReadInt16(field);
        if (length < 0)
        {
            return length == -1 ? null : throw new ProtocolException($"Field '{field}' at byte {_position}: invalid string length {length}.");
        }

        var bytes = Take(length, field);
        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolException($"Field '{field}' at byte {_position - length}: string is not valid UTF-8.", e);
        }
    }

    /// <summary>Reads nullable bytes (INT32 length, or compact length + 1 when flexible) without copying.</summary>
    public ReadOnlyMemory<byte>? ReadNullableBytes(string field)
    {
        var length = Flexible ? (long)ReadUnsignedVarInt(field) - 1 : ReadInt32(field);
        if (length < 0)
        {
            return length == -1 ? null : throw new ProtocolException($"Field '{field}' at byte {_position}: invalid bytes length {length}.");
        }

        if (length > Remaining)
        {
            throw Truncated(field, (int)Math.Min(length, int.MaxValue));
        }

        var slice = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Reads non-null bytes without copying.</summary>
    public ReadOnlyMemory<byte> ReadBytes(string field) =>
        ReadNullableBytes(field) ?? throw new ProtocolException($"Field '{field}' at byte {_position}: null where bytes are required.");

    /// <summary>
    /// Reads an array length: -1 means null. The length is checked against the bytes left (every element
    /// takes at least one byte) so that a corrupt length cannot make a codec allocate gigabytes.
    /// </summary>
    public int ReadArrayLength(string field)
    {
        var length = Flexible ? (long)ReadUnsignedVarInt(field) - 1 : ReadInt32(field);
        if (length < -1 || length > Remaining)
        {
            throw new ProtocolException($"Field '{field}' at byte {_position}: array length {length} is invalid for the {Remaining} bytes left.");
        }

        return (int)length;
    }

    /// <summary>Reads a non-null array length.</summary>
    public int ReadRequiredArrayLength(string field)
    {
        var length = ReadArrayLength(field);
        return length >= 0 ? length : throw new ProtocolException($"Field '{field}' at byte {_position}: null where an array is required.");
    }

    /// <summary>Reads an array of 32-bit integers (null reads as null).</summary>
    public int[]? ReadInt32Array(string field)
    {
        var length = ReadArrayLength(field);
        if (length < 0)
        {
            return null;
        }

        var values = new int[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = ReadInt32(field);
        }

        return values;
    }

    /// <summary>Reads an array of strings (null reads as null).</summary>
    public string[]? ReadStringArray(string field)
    {
        var length = ReadArrayLength(field);
        if (length < 0)
        {
            return null;
        }

        var values = new string[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = ReadString(field);
        }

        return values;
    }

    /// <summary>
    /// Reads an array of structures; each element is read by <paramref name="readElement"/> and, in flexible
    /// bodies, followed by its tagged-field section. A null array reads as null.
    /// </summary>
    public T[]? ReadNullableStructArray<T>(string field, ElementReader<T> readElement)
    {
        var length = ReadArrayLength(field);
        if (length < 0)
        {
            return null;
        }

        var items = new T[length];
        for (var i = 0; i < length; i++)
        {
            items[i] = readElement(ref this);
            SkipTaggedFields();
        }

        return items;
    }

    /// <summary>Reads a non-null array of structures (see <see cref="ReadNullableStructArray{T}"/>).</summary>
    public T[] ReadStructArray<T>(string field, ElementReader<T> readElement) =>
        ReadNullableStructArray(field, readElement)
        ?? throw new ProtocolException($"Field '{field}' at byte {_position}: null where an array is required.");

    /// <summary>
    /// Skips the tagged-field section that ends every flexible structure (no-op for non-flexible bodies).
    /// None of the tagged fields a broker receives in the supported versions changes how it answers.
    /// </summary>
    public void SkipTaggedFields()
    {
        if (!Flexible)
        {
            return;
        }

        var count = ReadUnsignedVarInt("tagged field count");
        for (var i = 0u; i < count; i++)
        {
            ReadUnsignedVarInt("tag");
            var size = (int)ReadUnsignedVarInt("tagged field size");
            Take(size, "tagged field");
        }
    }

    /// <summary>Returns the next <paramref name="count"/> bytes without copying and advances.</summary>
    public ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw Truncated(field, count);
        }

        var span = _buffer.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ProtocolException Truncated(string field, int wanted) =>
        new($"Field '{field}' at byte {_position}: needs {wanted} byte(s) but only {Remaining} remain (truncated message).");
}
