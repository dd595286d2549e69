using System.Buffers.Binary;
using System.Numerics;

namespace DeltaConnect.Plugins.Iceberg.Partitions;

/// <summary>
/// MurmurHash3 x86 32-bit with seed 0, the hash of Iceberg's bucket transform (spec "Appendix B: 32-bit Hash Requirements").
/// </summary>
internal static class Murmur3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    public static int Hash(ReadOnlySpan<byte> data)
    {
        uint h = 0;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            h ^= MixK(BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4)));
            h = (BitOperations.RotateLeft(h, 13) * 5) + 0xe6546b64;
        }

        var tail = data[(blocks * 4)..];
        uint k = 0;
        for (var i = tail.Length - 1; i >= 0; i--)
        {
            k = (k << 8) | tail[i];
        }

        if (tail.Length > 0)
        {
            h ^= MixK(k);
        }

        h ^= (uint)data.Length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return (int)h;
    }

    /// <summary>The hash of a long as its 8 little-endian bytes (ints, dates, times and timestamps hash this way).</summary>
    public static int Hash(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Hash(bytes);
    }

    private static uint MixK(uint k) => BitOperations.RotateLeft(k * C1, 15) * C2;
}
