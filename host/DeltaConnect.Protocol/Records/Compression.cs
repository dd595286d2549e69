using System.Buffers.Binary;
using System.IO.Compression;
using DeltaConnect.Protocol.Primitives;
using K4os.Compression.LZ4;
using K4os.Compression.LZ4.Streams;
using Snappier;
using ZstdSharp;

namespace DeltaConnect.Protocol.Records;

/// <summary>Compresses and decompresses the records section of a batch with any codec Kafka clients use.</summary>
public static class Compression
{
    // xerial snappy-java framing: magic, version, compatible version, then (length, raw block) pairs.
    private static ReadOnlySpan<byte> XerialMagic => [0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0];

    // Kafka's Java client (Lz4BlockInputStream) only reads frames with independent blocks; K4os chains them by default.
    private static readonly LZ4EncoderSettings Lz4Settings = new() { ChainBlocks = false, CompressionLevel = LZ4Level.L00_FAST };

    // A snappy element expands its input at most 64/3 times (a 3-byte copy of 64 bytes), so a block declaring
    // more than this many bytes per input byte is corrupt.
    private const int MaxSnappyExpansion = 22;

    /// <summary>Decompresses <paramref name="input"/> and appends the result to <paramref name="output"/>.</summary>
    public static void Decompress(CompressionType type, ReadOnlySpan<byte> input, PooledBufferWriter output)
    {
        try
        {
            switch (type)
            {
                case CompressionType.None:
                    input.CopyTo(output.GetSpan(input.Length));
                    output.Advance(input.Length);
                    break;
                case CompressionType.Gzip:
                    DecompressStream(input, output, s => new GZipStream(s, CompressionMode.Decompress));
                    break;
                case CompressionType.Snappy:
                    DecompressSnappy(input, output);
                    break;
                case CompressionType.Lz4:
                    LZ4Frame.Decode(input, output);
                    break;
                case CompressionType.Zstd:
                    DecompressStream(input, output, s => new DecompressionStream(s));
                    break;
                default:
                    throw new ProtocolException($"Record batch attributes name compression codec {(int)type}, which does not exist (0-4 are valid).");
            }
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or ArgumentException or ZstdException or IOException)
        {
            throw new ProtocolException($"Record batch compressed with {type} could not be decompressed: {e.Message}", e);
        }
    }

    /// <summary>Compresses <paramref name="input"/> and appends the result to <paramref name="output"/>.</summary>
    public static void Compress(CompressionType type, ReadOnlySpan<byte> input, PooledBufferWriter output)
    {
        switch (type)
        {
            case CompressionType.None:
                input.CopyTo(output.GetSpan(input.Length));
                output.Advance(input.Length);
                break;
            case CompressionType.Gzip:
                using (var stream = new BufferWriterStream(output))
                using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(input);
                }

                break;
            case CompressionType.Snappy:
                var span = output.GetSpan(Snappy.GetMaxCompressedLength(input.Length));
                output.Advance(Snappy.Compress(input, span));
                break;
            case CompressionType.Lz4:
                LZ4Frame.Encode(input, output, Lz4Settings);
                break;
            case CompressionType.Zstd:
                using (var compressor = new Compressor(3))
                {
                    var target = output.GetSpan(Compressor.GetCompressBound(input.Length));
                    output.Advance(compressor.Wrap(input, target));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown compression type.");
        }
    }

    private static void DecompressSnappy(ReadOnlySpan<byte> input, PooledBufferWriter output)
    {
        if (!input.StartsWith(XerialMagic))
        {
            DecompressSnappyBlock(input, output);
            return;
        }

        const int headerSize = 16; // magic (8) + version (4) + compatible version (4)
        if (input.Length < headerSize)
        {
            throw new InvalidDataException($"xerial snappy header is {input.Length} bytes; it needs {headerSize}.");
        }

        var position = headerSize;
        while (position < input.Length)
        {
            if (position + 4 > input.Length)
            {
                throw new InvalidDataException("xerial snappy block length is truncated.");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(input[position..]);
            position += 4;
            if (length < 0 || position + length > input.Length)
            {
                throw new InvalidDataException($"xerial snappy block of {length} bytes overruns the input.");
            }

            DecompressSnappyBlock(input.Slice(position, length), output);
            position += length;
        }
    }

    private static void DecompressSnappyBlock(ReadOnlySpan<byte> block, PooledBufferWriter output)
    {
        var length = Snappy.GetUncompressedLength(block);
        if (length > (long)block.Length * MaxSnappyExpansion)
        {
            // Checked before allocating: a few corrupt bytes must not reserve gigabytes.
            throw new InvalidDataException($"snappy block of {block.Length} bytes declares {length} uncompressed bytes, more than snappy can encode.");
        }

        output.Advance(Snappy.Decompress(block, output.GetSpan(length)));
    }

    private static unsafe void DecompressStream(ReadOnlySpan<byte> input, PooledBufferWriter output, Func<Stream, Stream> open)
    {
        fixed (byte* pointer = input)
        {
            // An empty span pins to a null pointer, which UnmanagedMemoryStream rejects.
            using Stream source = input.IsEmpty ? new MemoryStream([], writable: false) : new UnmanagedMemoryStream(pointer, input.Length);
            using var decoder = open(source);
            while (true)
            {
                var read = decoder.Read(output.GetSpan(16 * 1024));
                if (read == 0)
                {
                    break;
                }

                output.Advance(read);
            }
        }
    }
}
