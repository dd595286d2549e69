using System.Buffers.Binary;
using System.Net.Sockets;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Broker.Tests;

/// <summary>
/// A bare TCP connection speaking Kafka frames, for tests that need exact bytes: malformed input, protocol edge
/// cases, and requests no client library would send.
/// </summary>
internal sealed class RawKafkaConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private int _correlationId;

    private RawKafkaConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawKafkaConnection> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        return new RawKafkaConnection(client);
    }

    /// <summary>Sends a request with the header version its API version calls for and returns the response body reader.</summary>
    public async Task<ProtocolReader> RequestAsync(ApiKey api, short version, Action<ProtocolWriter> writeBody, CancellationToken cancellationToken)
    {
        var correlationId = ++_correlationId;
        await SendAsync(Frame(api, version, correlationId, writeBody), cancellationToken);
        var response = await ReadFrameAsync(cancellationToken) ?? throw new IOException($"The broker closed the connection instead of answering {api} v{version}.");
        var flexible = ApiCatalog.IsFlexible(api, version);
        var reader = new ProtocolReader(response);
        Assert.Equal(correlationId, reader.ReadInt32("correlation_id"));
        if (flexible && api != ApiKey.ApiVersions)
        {
            reader.Flexible = true;
            reader.SkipTaggedFields();
        }

        reader.Flexible = flexible;
        return reader;
    }

    /// <summary>Builds a size-prefixed request frame.</summary>
    public static byte[] Frame(ApiKey api, short version, int correlationId, Action<ProtocolWriter> writeBody)
    {
        using var buffer = new PooledBufferWriter();
        var writer = new ProtocolWriter(buffer);
        var size = writer.ReserveInt32();
        writer.WriteInt16((short)api);
        writer.WriteInt16(version);
        writer.WriteInt32(correlationId);
        writer.WriteString("raw-test");
        if (ApiCatalog.IsFlexible(api, version))
        {
            writer.Flexible = true;
            writer.WriteEmptyTaggedFields();
        }

        writeBody(writer);
        writer.PatchInt32(size, buffer.WrittenCount - 4);
        return buffer.WrittenSpan.ToArray();
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one response frame; null when the broker closed the connection.</summary>
    public async Task<byte[]?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        if (!await ReadExactlyOrEndAsync(prefix, cancellationToken))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(prefix)];
        return await ReadExactlyOrEndAsync(body, cancellationToken) ? body : null;
    }

    /// <summary>True when the broker closes the connection within <paramref name="within"/> (reading past any response).</summary>
    public async Task<bool> IsClosedByBrokerAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            var buffer = new byte[4096];
            while (true)
            {
                if (await _stream.ReadAsync(buffer, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Closes the sending direction (the broker sees end of stream).</summary>
    public void ShutdownSend() => _client.Client.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
