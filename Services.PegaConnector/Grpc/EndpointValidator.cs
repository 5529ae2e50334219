using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Deployteq.PegaConnector.Grpc;

// Which hosts may be reached over plain http, and whether a host resolves at all.
public sealed class EndpointValidator(IOptions<PegaConnectorOptions> options, IHostEnvironment environment)
{
    private static readonly string[] Loopback = ["localhost", "127.0.0.1", "::1"];

    public bool AllowsHttp(string host)
    {
        var allowed = options.Value.AllowHttpHosts ?? (environment.IsDevelopment() ? Loopback : []);
        return allowed.Contains(host, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<bool> ResolvesAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(uri.DnsSafeHost, out _))
        {
            return true;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return (await Dns.GetHostAddressesAsync(uri.DnsSafeHost, timeout.Token)).Length > 0;
        }
        catch (Exception exception) when (exception is SocketException or ArgumentException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
