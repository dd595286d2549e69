namespace DeltaConnect.Protocol.Records;

/// <summary>Compression codec of a record batch (the low three bits of the batch attributes).</summary>
public enum CompressionType
{
    /// <summary>Uncompressed.</summary>
    None = 0,

    /// <summary>GZIP (RFC 1952).</summary>
    Gzip = 1,

    /// <summary>Snappy; raw blocks, or the xerial framing the Java client writes.</summary>
    Snappy = 2,

    /// <summary>LZ4 frame format.</summary>
    Lz4 = 3,

    /// <summary>Zstandard.</summary>
    Zstd = 4,
}
