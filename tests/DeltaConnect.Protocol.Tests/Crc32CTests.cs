using System.Text;
using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Tests;

public sealed class Crc32CTests
{
    public static TheoryData<string, byte[], uint> KnownVectors => new()
    {
        { "empty", [], 0x00000000 },
        { "ASCII 123456789", Encoding.ASCII.GetBytes("123456789"), 0xE3069283 },
        { "32 zero bytes (RFC 3720 B.4)", new byte[32], 0x8A9136AA },
        { "32 0xFF bytes (RFC 3720 B.4)", Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 },
        { "32 ascending bytes (RFC 3720 B.4)", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E },
        { "32 descending bytes (RFC 3720 B.4)", Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C },
        { "single 'a'", "a"u8.ToArray(), 0xC1D04330 },
    };

    [Theory]
    [MemberData(nameof(KnownVectors))]
    public void Compute_matches_known_crc32c_vectors(string name, byte[] data, uint expected)
    {
        Assert.True(expected == Crc32C.Compute(data), $"{name}: expected 0x{expected:X8}, got 0x{Crc32C.Compute(data):X8}");
    }

    [Theory]
    [MemberData(nameof(KnownVectors))]
    public void Software_path_matches_known_crc32c_vectors(string name, byte[] data, uint expected)
    {
        var actual = ~Crc32C.AppendSoftware(0xFFFFFFFF, data);

        Assert.True(expected == actual, $"{name}: expected 0x{expected:X8}, got 0x{actual:X8}");
    }

    [Fact]
    public void Software_path_gives_the_same_result_as_compute_for_every_length_up_to_1000()
    {
        var random = new Random(1234);
        var buffer = new byte[1000 + 8];
        random.NextBytes(buffer);

        for (var length = 0; length <= 1000; length++)
        {
            // Vary the alignment too: the fast paths read 8 bytes at a time.
            var data = buffer.AsSpan(length % 8, length);

            var software = ~Crc32C.AppendSoftware(0xFFFFFFFF, data);

            Assert.True(Crc32C.Compute(data) == software, $"length {length}");
        }
    }

    [Fact]
    public void Compute_agrees_with_a_bitwise_reference_implementation()
    {
        var random = new Random(99);
        for (var length = 0; length < 300; length += 7)
        {
            var data = new byte[length];
            random.NextBytes(data);

            Assert.Equal(ReferenceCrc32C.Compute(data), Crc32C.Compute(data));
        }
    }

    [Fact]
    public void Software_path_can_be_fed_in_pieces()
    {
        var data = new byte[777];
        new Random(5).NextBytes(data);

        var crc = 0xFFFFFFFFu;
        var offset = 0;
        foreach (var size in new[] { 1, 3, 8, 13, 64, 100, 588 })
        {
            crc = Crc32C.AppendSoftware(crc, data.AsSpan(offset, size));
            offset += size;
        }

        Assert.Equal(data.Length, offset);
        Assert.Equal(Crc32C.Compute(data), ~crc);
    }

    [Fact]
    public void Changing_any_single_bit_changes_the_checksum()
    {
        var data = new byte[64];
        new Random(11).NextBytes(data);
        var original = Crc32C.Compute(data);

        for (var bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(original, Crc32C.Compute(data));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
