using System.Globalization;
using Deployteq.ServiceDefaults.Errors;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployteq.ServiceDefaults.Grpc;

// Sees the final status of every gRPC call, once, after grpc-dotnet has set it:
// - writes one line for a refused or cancelled call, at Debug under the category
//   "Deployteq.Calls" (raise it to see them; a few thousand bad calls must not flood a log);
//   errors that are this service's fault are logged where they happen, with their stack, and
//   one that grpc-dotnet met outside the handler (writing the answer) here, at Error;
// - turns grpc-dotnet's own statuses for a request whose gRPC framing is broken (a length
//   prefix past the end of the body, bytes after a unary message, a bad compression flag),
//   which it reports as INTERNAL or UNKNOWN, into INVALID_ARGUMENT: the caller sent them;
// - likewise a request message over the size limit, which grpc-dotnet answers with
//   RESOURCE_EXHAUSTED: DESIGN.md names INVALID_ARGUMENT for an oversize request, and
//   RESOURCE_EXHAUSTED reads as "try again later" to some clients, which would resend it forever.
public sealed class CallOutcomeMiddleware(RequestDelegate next, ILoggerFactory loggerFactory, IOptions<GrpcServiceOptions> grpcOptions)
{
    public const string LogCategory = "Deployteq.Calls";

    // The details grpc-dotnet gives these framing errors (Grpc.AspNetCore.Server PipeExtensions).
    private static readonly HashSet<string> FramingErrors = new(StringComparer.Ordinal)
    {
        "Incomplete message.",
        "Additional data after the message received.",
        "Request did not include grpc-encoding value with compressed message.",
        "Request sent 'identity' grpc-encoding value with compressed message.",
    };

    // grpc-dotnet's detail for a request message past MaxReceiveMessageSize (PipeExtensions).
    private const string ReceivedMessageTooLarge = "Received message exceeds the maximum configured message size.";

    private const int MaxLoggedDetailLength = 256;

    private readonly string _tooLarge = string.Format(CultureInfo.InvariantCulture,
        "The request could not be read: a message may be at most {0:N0} bytes. Send fewer items per call.",
        grpcOptions.Value.MaxReceiveMessageSize ?? 4 * 1024 * 1024);

    private readonly ILogger _logger = loggerFactory.CreateLogger(LogCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        if (context.Features.Get<IServerCallContextFeature>()?.ServerCallContext is not { } call)
        {
            return;
        }

        var status = call.Status;
        if (IsBrokenFraming(status))
        {
            status = new Status(StatusCode.InvalidArgument, ReadableRequests.BrokenFraming);
            call.Status = status;
            Rewrite(context, status);
        }
        else if (status.StatusCode == StatusCode.ResourceExhausted && status.Detail == ReceivedMessageTooLarge)
        {
            status = new Status(StatusCode.InvalidArgument, _tooLarge);
            call.Status = status;
            Rewrite(context, status);
        }

        if (status.StatusCode is StatusCode.Internal or StatusCode.Unknown && status.DebugException is { } exception)
        {
            // Failed in grpc-dotnet outside the handler and its interceptors (writing the answer):
            // a bug of ours, logged once with its stack (grpc-dotnet's own line is off by default).
            _logger.LogError(exception, "{Method} failed outside its handler: {StatusCode}", call.Method, status.StatusCode);
        }
        else if (status.StatusCode is not (StatusCode.OK or StatusCode.Internal or StatusCode.Unknown or StatusCode.Unavailable or StatusCode.DataLoss)
            && _logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("{Method} ended {StatusCode}: {Detail}",
                call.Method, status.StatusCode, Problems.Cap(status.Detail, MaxLoggedDetailLength));
        }
    }

    public static bool IsBrokenFraming(Status status) =>
        (status.StatusCode == StatusCode.Internal && FramingErrors.Contains(status.Detail))
        || (status.StatusCode == StatusCode.Unknown && status.DebugException is InvalidDataException { Source: "Grpc.AspNetCore.Server" });

    // The status is in the response headers when nothing was sent yet ("trailers-only"), else in
    // the trailers; both are sent once this middleware returns.
    private static void Rewrite(HttpContext context, Status status)
    {
        var destination = context.Response.HasStarted
            ? context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers
            : context.Response.Headers;
        if (destination is null || destination.IsReadOnly)
        {
            return;
        }

        destination["grpc-status"] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        destination["grpc-message"] = Uri.EscapeDataString(status.Detail);
    }
}
