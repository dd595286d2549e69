using System.Buffers.Binary;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Snappier;

namespace DeltaConnect.Protocol.Tests;

public sealed class CompressionTests
{
    public static TheoryData<CompressionType> AllTypes => new(Enum.GetValues<CompressionType>());

    public static TheoryData<CompressionType> Codecs => new(Enum.GetValues<CompressionType>().Where(t => t != CompressionType.None));

    public static TheoryData<CompressionType, int> TypesAndSizes
    {
        get
        {
            var data = new TheoryData<CompressionType, int>();
            foreach (var type in Enum.GetValues<CompressionType>())
            {
                foreach (var size in new[] { 0, 1, 37, 1 << 20 })
                {
                    data.Add(type, size);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TypesAndSizes))]
    public void Compress_then_decompress_round_trips(CompressionType type, int size)
    {
        var input = SampleData(size, seed: size);

        var compressed = Compress(type, input);
        var output = Decompress(type, compressed);

        Assert.Equal(input.Length, output.Length);
        Assert.True(input.AsSpan().SequenceEqual(output), $"{type} round trip of {size} bytes differs");
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Maximally_compressible_input_round_trips(CompressionType type)
    {
        // Long runs of one byte reach each codec's best ratio (for snappy: 64-byte copies of 3 bytes each).
        var input = new byte[4 << 20];
        input.AsSpan(1 << 20).Fill(0xAB);

        var compressed = Compress(type, input);

        Assert.Equal(input, Decompress(type, compressed));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Compressible_input_actually_shrinks(CompressionType type)
    {
        var input = new byte[100_000];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (byte)"compressible text "[i % 18];
        }

        var compressed = Compress(type, input);

        Assert.True(compressed.Length < input.Length / 10, $"{type} compressed {input.Length} bytes to {compressed.Length}");
    }

    [Fact]
    public void None_copies_the_input_verbatim()
    {
        byte[] input = [1, 2, 3, 0xFF];

        Assert.Equal(input, Compress(CompressionType.None, input));
        Assert.Equal(input, Decompress(CompressionType.None, input));
    }

    [Fact]
    public void Decompress_appends_after_bytes_already_in_the_output()
    {
        var input = SampleData(5000, seed: 1);
        var compressed = Compress(CompressionType.Zstd, input);
        using var output = new PooledBufferWriter(16);
        output.GetSpan(3)[..3].Fill(0xEE);
        output.Advance(3);

        Compression.Decompress(CompressionType.Zstd, compressed, output);

        Assert.Equal(3 + input.Length, output.WrittenCount);
        Assert.Equal("EEEEEE", Codec.Hex(output.WrittenSpan[..3]));
        Assert.True(output.WrittenSpan[3..].SequenceEqual(input));
    }

    [Fact]
    public void Gzip_output_is_a_gzip_member()
    {
        var compressed = Compress(CompressionType.Gzip, SampleData(100, seed: 2));

        Assert.Equal("1F8B08", Codec.Hex(compressed.AsSpan(0, 3)));
    }

    [Fact]
    public void Lz4_output_is_a_frame_with_independent_blocks_as_the_java_client_requires()
    {
        // Kafka's Lz4BlockInputStream rejects frames whose FLG byte lacks the block independence bit
        // ("Dependent block stream is unsupported"), so every LZ4 batch must set it.
        var compressed = Compress(CompressionType.Lz4, SampleData(200_000, seed: 3));

        Assert.Equal("04224D18", Codec.Hex(compressed.AsSpan(0, 4)));
        var flg = compressed[4];
        Assert.Equal(1, flg >> 6);
        Assert.True((flg & 0x20) != 0, $"FLG 0x{flg:X2} does not set block independence");
        Assert.Equal(0, flg & 0x03);
    }

    [Fact]
    public void Zstd_output_is_a_zstandard_frame()
    {
        var compressed = Compress(CompressionType.Zstd, SampleData(100, seed: 4));

        Assert.Equal("28B52FFD", Codec.Hex(compressed.AsSpan(0, 4)));
    }

    [Fact]
    public void Snappy_output_is_a_raw_block_that_snappier_reads()
    {
        var input = SampleData(10_000, seed: 5);

        var compressed = Compress(CompressionType.Snappy, input);

        Assert.Equal(input, Snappy.DecompressToArray(compressed));
    }

    [Fact]
    public void Snappy_decompression_reads_the_xerial_framing_of_the_java_client()
    {
        var input = SampleData(100_000, seed: 6);
        var framed = XerialFrame(input, blockSize: 32 * 1024);

        Assert.Equal(input, Decompress(CompressionType.Snappy, framed));
    }

    [Fact]
    public void Snappy_decompression_reads_xerial_framing_with_no_blocks()
    {
        var framed = XerialFrame([], blockSize: 1);

        Assert.Empty(Decompress(CompressionType.Snappy, framed));
    }

    [Fact]
    public void Xerial_block_overrunning_the_input_is_rejected()
    {
        var framed = XerialFrame(SampleData(1000, seed: 7), blockSize: 1000);
        BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(16), 100_000);

        var error = Assert.Throws<ProtocolException>(() => Decompress(CompressionType.Snappy, framed));

        Assert.Contains("Snappy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xerial_block_length_cut_off_is_rejected()
    {
        var framed = XerialFrame(SampleData(1000, seed: 8), blockSize: 1000);

        Assert.Throws<ProtocolException>(() => Decompress(CompressionType.Snappy, [.. framed, 0x00, 0x00]));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Garbage_input_is_rejected_with_a_protocol_exception(CompressionType type)
    {
        byte[] garbage = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12];

        var error = Assert.Throws<ProtocolException>(() => Decompress(type, garbage));

        Assert.Contains(type.ToString(), error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Theory]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Truncated_input_is_rejected_with_a_protocol_exception(CompressionType type)
    {
        var compressed = Compress(type, SampleData(50_000, seed: 9));

        Assert.Throws<ProtocolException>(() => Decompress(type, compressed[..(compressed.Length / 2)]));
        Assert.Throws<ProtocolException>(() => Decompress(type, compressed[..^1]));
    }

    [Fact]
    public void Gzip_with_a_corrupt_header_is_rejected()
    {
        var compressed = Compress(CompressionType.Gzip, SampleData(1000, seed: 10));
        compressed[2] = 0x07; // compression method must be 8 (deflate)

        Assert.Throws<ProtocolException>(() => Decompress(CompressionType.Gzip, compressed));
    }

    [Fact]
    public void Snappy_block_declaring_an_impossible_uncompressed_length_is_rejected_without_allocating_it()
    {
        // Uncompressed length varint 0x7FFFFFF0 followed by a few bytes: no snappy block this short can expand
        // that far, and honouring the length would allocate two gigabytes.
        var block = new Wire().UVarInt(0x7FFFFFF0).Raw(0x00, 0x61, 0x62).ToArray();

        var error = Assert.Throws<ProtocolException>(() => Decompress(CompressionType.Snappy, block));

        Assert.Contains("Snappy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_codec_is_rejected_on_decompress()
    {
        var error = Assert.Throws<ProtocolException>(() => Decompress((CompressionType)5, [1, 2, 3]));

        Assert.Contains("5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_codec_is_rejected_on_compress()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Compress((CompressionType)5, [1, 2, 3]));
    }

    internal static byte[] SampleData(int size, int seed)
    {
        // Half random, half repetitive: exercises both literal and match paths of every codec.
        var random = new Random(seed);
        var data = new byte[size];
        for (var i = 0; i < size; i += 512)
        {
            var chunk = data.AsSpan(i, Math.Min(512, size - i));
            if ((i / 512) % 2 == 0)
            {
                random.NextBytes(chunk);
            }
            else
            {
                chunk.Fill((byte)(i / 512));
            }
        }

        return data;
    }

    private static byte[] XerialFrame(byte[] input, int blockSize)
    {
        var wire = new Wire().Raw(0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0x00).I32(1).I32(1);
        for (var offset = 0; offset < input.Length; offset += blockSize)
        {
            var block = Snappy.CompressToArray(input.AsSpan(offset, Math.Min(blockSize, input.Length - offset)));
            wire.I32(block.Length).Raw(block);
        }

        return wire.ToArray();
    }

    private static byte[] Compress(CompressionType type, byte[] input)
    {
        using var output = new PooledBufferWriter();
        Compression.Compress(type, input, output);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Decompress(CompressionType type, byte[] input)
    {
        using var output = new PooledBufferWriter();
        Compression.Decompress(type, input, output);
        return output.WrittenSpan.ToArray();
    }
}
