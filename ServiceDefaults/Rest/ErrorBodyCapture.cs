using Microsoft.AspNetCore.Http;

namespace Deployteq.ServiceDefaults.Rest;

// The response body of one REST call: passed straight through while the status is a success,
// held back (up to a limit) once it is an error, so the error can be rewritten before it leaves.
public sealed class ErrorBodyCapture(Stream inner, HttpResponse response) : Stream
{
    private const int MaxCaptured = 1 << 20;

    public MemoryStream? Captured { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Capturing())
        {
            Keep(buffer);
        }
        else
        {
            inner.Write(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Capturing())
        {
            Keep(buffer.Span);
            return ValueTask.CompletedTask;
        }

        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
        if (Captured is null)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Captured is null ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private bool Capturing()
    {
        if (Captured is null && response.StatusCode >= 400 && !response.HasStarted)
        {
            Captured = new MemoryStream();
        }

        return Captured is not null;
    }

    private void Keep(ReadOnlySpan<byte> buffer)
    {
        var room = MaxCaptured - (int)Captured!.Length;
        Captured.Write(buffer[..Math.Min(room, buffer.Length)]);
    }
}
