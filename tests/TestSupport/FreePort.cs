using System.Net;
using System.Net.Sockets;

namespace Deployteq.TestSupport;

public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999): a port the OS hands out for port 0 is also what it
    // gives the next outgoing connection, so a server started on it a moment later could find it taken.
    private const int Lowest = 20000;
    private const int Highest = 32767;

    // A port nobody listens on now. Another test process may still pick the same one: whoever starts a
    // server on it should retry with a new port when the bind fails (RedisServer does).
    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        using var fallback = new TcpListener(IPAddress.Loopback, 0);
        fallback.Start();
        return ((IPEndPoint)fallback.LocalEndpoint).Port;
    }
}
