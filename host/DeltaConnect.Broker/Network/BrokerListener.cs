using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DeltaConnect.Broker.Handlers;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker.Network;

/// <summary>Accepts client connections and runs each on its own task until the broker stops.</summary>
internal sealed class BrokerListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly int _maxRequestBytes;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Task? _accepting;

    /// <summary>Binds the listening socket (port 0 picks a free port; see <see cref="Endpoint"/>).</summary>
    public BrokerListener(IPEndPoint endpoint, int maxRequestBytes, ILogger logger)
    {
        _maxRequestBytes = maxRequestBytes;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endpoint);
        _socket.Listen(512);
        Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Starts accepting connections, each served by <paramref name="dispatcher"/>.</summary>
    public void Start(RequestDispatcher dispatcher) => _accepting = AcceptAsync(dispatcher, _stopping.Token);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(_connections.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptAsync(RequestDispatcher dispatcher, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var connection = new ClientConnection(client, dispatcher, _maxRequestBytes, _logger);
            var task = Task.Run(() => RunConnectionAsync(connection, cancellationToken), CancellationToken.None);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(ClientConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.RunAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            BrokerLog.ConnectionFailed(_logger, connection.ClientHost, e);
        }
    }
}
