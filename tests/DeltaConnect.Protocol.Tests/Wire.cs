using System.Buffers.Binary;
using System.Text;

namespace DeltaConnect.Protocol.Tests;

/// <summary>
/// Hand-assembles Kafka wire bytes for expected values, written straight from the protocol guide and
/// independent of <c>ProtocolWriter</c> so that tests compare the codecs against a second implementation.
/// </summary>
internal sealed class Wire
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public Wire Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public Wire Raw(Wire other) => Raw(other.ToArray());

    public Wire Bool(bool value) => Raw(value ? (byte)1 : (byte)0);

    public Wire I8(sbyte value) => Raw((byte)value);

    public Wire I16(short value)
    {
        var buffer = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(buffer, value);
        return Raw(buffer);
    }

    public Wire I32(int value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, value);
        return Raw(buffer);
    }

    public Wire U32(uint value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        return Raw(buffer);
    }

    public Wire I64(long value)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        return Raw(buffer);
    }

    /// <summary>UUID as Kafka writes it: the most significant 64 bits, then the least significant, both big-endian.</summary>
    public Wire Uuid(ulong mostSignificant, ulong leastSignificant)
    {
        var buffer = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, mostSignificant);
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(8), leastSignificant);
        return Raw(buffer);
    }

    /// <summary>Unsigned LEB128: seven bits at a time, least significant group first, high bit = more follows.</summary>
    public Wire UVarInt(ulong value)
    {
        do
        {
            var group = (byte)(value & 0x7F);
            value >>= 7;
            _bytes.Add(value != 0 ? (byte)(group | 0x80) : group);
        }
        while (value != 0);

        return this;
    }

    /// <summary>Zig-zag signed varint: 0 → 0, -1 → 1, 1 → 2, -2 → 3 ...</summary>
    public Wire VarInt(int value) => UVarInt(value >= 0 ? 2UL * (uint)value : (2UL * (ulong)(-(long)value)) - 1);

    /// <summary>Zig-zag signed varlong.</summary>
    public Wire VarLong(long value) =>
        UVarInt(value >= 0 ? 2UL * (ulong)value : (2UL * (ulong)(-(value + 1))) + 1);

    /// <summary>Classic STRING / NULLABLE_STRING: INT16 length (-1 for null), then UTF-8.</summary>
    public Wire Str(string? value)
    {
        if (value is null)
        {
            return I16(-1);
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        return I16((short)bytes.Length).Raw(bytes);
    }

    /// <summary>COMPACT_STRING / COMPACT_NULLABLE_STRING: unsigned varint length + 1 (0 for null), then UTF-8.</summary>
    public Wire CompactStr(string? value)
    {
        if (value is null)
        {
            return UVarInt(0);
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        return UVarInt((ulong)bytes.Length + 1).Raw(bytes);
    }

    /// <summary>Classic BYTES / NULLABLE_BYTES: INT32 length (-1 for null).</summary>
    public Wire Bytes(byte[]? value) => value is null ? I32(-1) : I32(value.Length).Raw(value);

    /// <summary>COMPACT_BYTES: unsigned varint length + 1 (0 for null).</summary>
    public Wire CompactBytes(byte[]? value) => value is null ? UVarInt(0) : UVarInt((ulong)value.Length + 1).Raw(value);

    /// <summary>Classic ARRAY length: INT32 (-1 for null).</summary>
    public Wire ArrayLength(int count) => I32(count);

    /// <summary>COMPACT_ARRAY length: unsigned varint count + 1 (0 for null).</summary>
    public Wire CompactArrayLength(int count) => UVarInt(count < 0 ? 0UL : (ulong)count + 1);

    /// <summary>An empty tagged-field section.</summary>
    public Wire NoTags() => UVarInt(0);

    public byte[] ToArray() => [.. _bytes];

    public string Hex() => Convert.ToHexString(ToArray());

    public static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
