using System.Net;

namespace Deployteq.TestSupport;

// A network that can be cut between two services, for the requests whose path matches: while
// cut, a new request fails as a refused connection would, and a response already streaming
// stalls (its data is held back), as over a dead connection that nobody has noticed yet.
public sealed class NetworkCut(Func<string, bool> affects)
{
    private volatile TaskCompletionSource _open = Opened();

    public bool Affects(string path) => affects(path);

    public bool IsCut => !_open.Task.IsCompleted;

    public void Cut()
    {
        if (!IsCut)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Restore() => _open.TrySetResult();

    public DelegatingHandler CreateHandler() => new CutHandler(this);

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private Task WaitOpenAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

    private sealed class CutHandler(NetworkCut cut) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!cut.Affects(request.RequestUri?.AbsolutePath ?? ""))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (cut.IsCut)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "The test cut the network.", statusCode: null);
            }

            var response = await base.SendAsync(request, cancellationToken);
            var original = response.Content;
            var held = new HeldContent(original, cut);
            foreach (var header in original.Headers)
            {
                held.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = held;
            return response;
        }
    }

    private sealed class HeldContent(HttpContent inner, NetworkCut cut) : HttpContent
    {
        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new HeldStream(await inner.ReadAsStreamAsync(cancellationToken), cut);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await (await CreateContentReadStreamAsync()).CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class HeldStream(Stream inner, NetworkCut cut) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await cut.WaitOpenAsync(cancellationToken);
            var read = await inner.ReadAsync(buffer, cancellationToken);
            // Data that arrives while the network is cut is held back until it is restored.
            await cut.WaitOpenAsync(cancellationToken);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
