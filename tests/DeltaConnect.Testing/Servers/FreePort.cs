using System.Net;
using System.Net.Sockets;

namespace DeltaConnect.Testing.Servers;

/// <summary>Finds loopback TCP ports nobody is listening on.</summary>
public static class FreePort
{
    /// <summary>
    /// Returns a port the kernel just handed out on 127.0.0.1. Another process could take it before the
    /// caller binds it; servers that fail to bind are restarted on a new port by their starters.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
