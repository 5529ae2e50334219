using System.Net;
using System.Net.Sockets;

namespace Deployteq.TestSupport;

public static class FreePort
{
    // Asks the OS for a port that is free now; a race with another process is possible but rare.
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
