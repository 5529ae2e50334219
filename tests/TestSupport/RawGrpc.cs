using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace Deployteq.TestSupport;

// Hand-made gRPC requests over a real HTTP/2 connection, as a hostile client could send them:
// any bytes as the message, any length prefix.
public static class RawGrpc
{
    // A gRPC frame: no compression, then the length (the payload's unless told), then the payload.
    public static byte[] Frame(byte[] payload, int? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), declaredLength ?? payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<RawGrpcResult> PostAsync(Uri address, string path, byte[] body, string? bearer, TimeSpan timeout)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + bearer);
        }

        using var response = await http.SendAsync(request);
        var content = await response.Content.ReadAsByteArrayAsync();
        // A status without a message comes alone in the headers ("trailers-only"), else in trailers.
        var source = response.TrailingHeaders.Contains("grpc-status") ? response.TrailingHeaders : response.Headers;
        var status = source.TryGetValues("grpc-status", out var codes) ? (StatusCode)int.Parse(codes.First()) : (StatusCode)(-1);
        var message = source.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.First()) : "";
        var headerBytes = response.Headers.Concat(response.TrailingHeaders)
            .Sum(header => header.Key.Length + header.Value.Sum(value => value.Length));
        return new RawGrpcResult(status, message, headerBytes, content.Length);
    }
}

public sealed record RawGrpcResult(StatusCode Status, string Message, int HeaderBytes, int BodyBytes);
