using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Tests;

/// <summary>Small helpers that run the codecs under test and hand back plain byte arrays.</summary>
internal static class Codec
{
    /// <summary>Runs <paramref name="write"/> against a fresh writer and returns the bytes it wrote.</summary>
    public static byte[] Write(Action<ProtocolWriter> write, bool flexible = false)
    {
        using var buffer = new PooledBufferWriter(16);
        var writer = new ProtocolWriter(buffer, flexible);
        write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a response body the way the broker does: flexible per <see cref="ApiCatalog.IsFlexible"/>.</summary>
    public static byte[] WriteBody(ApiKey api, short version, Action<ProtocolWriter, short> write)
    {
        using var buffer = new PooledBufferWriter();
        var writer = new ProtocolWriter(buffer, ApiCatalog.IsFlexible(api, version));
        write(writer, version);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a request header from <paramref name="frame"/>, leaving the reader on the body.</summary>
    public static Messages.RequestHeader ReadHeader(byte[] frame, out ProtocolReader reader)
    {
        reader = new ProtocolReader(frame);
        return RequestHeader.Read(ref reader);
    }

    /// <summary>Hand-assembles a request header (v1, or v2 with an empty tagged-field section when <paramref name="flexible"/>).</summary>
    public static Wire Header(ApiKey api, short version, int correlationId = 7, string? clientId = "test-client", bool flexible = false)
    {
        var wire = new Wire().I16((short)api).I16(version).I32(correlationId).Str(clientId);
        return flexible ? wire.NoTags() : wire;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    public static string Hex(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Convert.ToHexString(b.Span) : "<null>";
}
