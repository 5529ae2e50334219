using System.Net;
using System.Net.Sockets;

namespace Deployteq.AppHost.Hosting;

// Every port is checked before anything starts, so a taken one is named up front instead of a
// service failing later with an address-in-use stack trace.
public static class PortCheck
{
    public static void EnsureFree(int port, string owner, string overrideVariable)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port) { ExclusiveAddressUse = true };
            listener.Start();
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new PortInUseException(
                $"Port {port} ({owner}) is already in use by another process. Stop that process, or choose another port with " +
                $"{overrideVariable}=<port>, or run with APPHOST_DYNAMIC_PORTS=1 to put every endpoint on a free port.");
        }
    }
}
