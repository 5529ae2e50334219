namespace Deployteq.PegaConnector.Delivery;

// The one HttpClient for every Pega endpoint: pooled keep-alive connections per endpoint, no
// redirects (a POST must not turn into a GET), no client-wide timeout (each attempt has its own,
// in PegaSender's pipeline).
public sealed class PegaHttpClient : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        UseCookies = false,
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Client.Dispose();
}
