using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using DeltaConnect.Broker.Handlers;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker.Network;

/// <summary>
/// One client connection: reads size-prefixed request frames, dispatches them one at a time in arrival order
/// (as Kafka does, so responses go out in request order), and writes the responses. Malformed frames, unknown
/// APIs and unsupported versions close this connection only; the broker goes on serving everyone else.
/// </summary>
internal sealed class ClientConnection(Socket socket, RequestDispatcher dispatcher, int maxRequestBytes, ILogger logger)
{
    private readonly string _remote = (socket.RemoteEndPoint as IPEndPoint)?.ToString() ?? "unknown";

    /// <summary>The client's address as Kafka reports it ("/127.0.0.1"); read once, the socket may be closed later.</summary>
    public string ClientHost { get; } = (socket.RemoteEndPoint as IPEndPoint)?.Address is { } address ? "/" + address : "/unknown";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        using var response = new PooledBufferWriter(64 * 1024);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var read = await reader.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                while (TryReadFrame(ref buffer, out var frame, out var frameLength))
                {
                    try
                    {
                        response.Clear();
                        if (!await HandleAsync(frame.AsMemory(0, frameLength), response, cancellationToken))
                        {
                            return;
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(frame);
                    }

                    if (response.WrittenCount > 0)
                    {
                        await stream.WriteAsync(response.WrittenMemory, cancellationToken);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The client went away.
        }
        catch (SocketException)
        {
        }
        catch (FrameTooLargeException e)
        {
            BrokerLog.ClosingConnection(logger, _remote, e.Message);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out byte[] frame, out int length)
    {
        frame = [];
        length = 0;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < 0 || length > maxRequestBytes)
        {
            throw new FrameTooLargeException(
                $"request frame of {length} bytes is outside 0..{maxRequestBytes} (socket.request.max.bytes); not a Kafka client, or a corrupt stream");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        frame = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        buffer.Slice(4, length).CopyTo(frame);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>Handles one request; false means the connection must be closed.</summary>
    private async ValueTask<bool> HandleAsync(ReadOnlyMemory<byte> frame, PooledBufferWriter response, CancellationToken cancellationToken)
    {
        var reader = new ProtocolReader(frame);
        RequestHeader header;
        try
        {
            header = RequestHeader.Read(ref reader);
        }
        catch (ProtocolException e)
        {
            BrokerLog.ClosingConnection(logger, _remote, "malformed request header: " + e.Message);
            return false;
        }

        if (!ApiCatalog.TryGet(header.ApiKey, out var range))
        {
            BrokerLog.ClosingConnection(logger, _remote, $"unknown API key {(short)header.ApiKey} (client {header.ClientId})");
            return false;
        }

        if (header.ApiVersion < range.MinVersion || header.ApiVersion > range.MaxVersion)
        {
            if (header.ApiKey != ApiKey.ApiVersions)
            {
                BrokerLog.ClosingConnection(logger, _remote,
                    $"{header.ApiKey} v{header.ApiVersion} is not supported (supported: v{range.MinVersion}-v{range.MaxVersion}; client {header.ClientId})");
                return false;
            }

            // KIP-511: answer an ApiVersions request of an unknown version with a v0 response listing what we support.
            WriteResponse(response, header with { ApiVersion = 0 }, new ApiVersionsResponse(ErrorCode.UnsupportedVersion, ApiCatalog.Advertised).Write);
            return true;
        }

        HandlerResult result;
        try
        {
            result = await dispatcher.DispatchAsync(header, reader, ClientHost, cancellationToken);
        }
        catch (ProtocolException e)
        {
            BrokerLog.ClosingConnection(logger, _remote, $"malformed {header.ApiKey} v{header.ApiVersion} request: {e.Message}");
            return false;
        }

        try
        {
            if (result.Body is { } body)
            {
                WriteResponse(response, header, body);
            }
        }
        finally
        {
            foreach (var resource in result.Resources ?? [])
            {
                resource.Dispose();
            }
        }

        return true;
    }

    private static void WriteResponse(PooledBufferWriter response, RequestHeader header, ResponseBodyWriter body)
    {
        var writer = new ProtocolWriter(response);
        var sizePosition = writer.ReserveInt32();
        header.WriteResponseHeader(writer);
        body(writer, header.ApiVersion);
        writer.PatchInt32(sizePosition, response.WrittenCount - sizePosition - 4);
    }

    private sealed class FrameTooLargeException(string message) : Exception(message);
}
