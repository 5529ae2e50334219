using System.Threading.Channels;
using Deployteq.Customers.V1;

namespace Deployteq.Customers.Auth;

// One watcher of the revocation feed: read Notices, dispose to stop watching.
public sealed class RevocationWatch(ChannelReader<RevocationNotice> notices, Action stop) : IDisposable
{
    public ChannelReader<RevocationNotice> Notices => notices;

    public void Dispose() => stop();
}
