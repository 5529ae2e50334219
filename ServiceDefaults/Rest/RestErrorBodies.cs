using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Deployteq.ServiceDefaults.Rest;

// Every REST error leaves as a google.rpc.Status JSON body, short:
// - JSON transcoding answers a request body it cannot read with the parser's message, which
//   quotes the offending value whole (a 1 MB date-time comes back as a 1 MB answer). DESIGN.md: a
//   status message quotes at most a short prefix of any value, so `message` is cut to that length;
// - what ASP.NET Core answers with no body at all (a route that does not exist, a method the
//   route does not take) gets a status body too, so a caller parses every error the same way;
// - an exception that escapes (outside the gRPC methods, which map their own) is logged once and
//   answered INTERNAL, never with a stack or an HTML page.
// gRPC calls pass untouched.
public sealed class RestErrorBodies(RequestDelegate next, ILogger<RestErrorBodies> logger)
{
    public const int MaxMessageLength = 300;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        var capture = new ErrorBodyCapture(original, context.Response);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (capture.Captured is { } body)
        {
            var bytes = Shorten(body.ToArray());
            context.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, context.RequestAborted);
        }
        else if (context.Response is { StatusCode: >= 400, HasStarted: false, ContentLength: null or 0 })
        {
            var bytes = StatusBody(CodeOf(context.Response.StatusCode), $"{context.Request.Method} {Shorten(context.Request.Path.Value)}: {ReasonOf(context.Response.StatusCode)}.");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, context.RequestAborted);
        }
    }

    private static byte[] Shorten(byte[] body)
    {
        if (body.Length <= MaxMessageLength)
        {
            return body;
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject status
                && status["message"] is JsonValue value && value.TryGetValue<string>(out var message)
                && message.Length > MaxMessageLength)
            {
                status["message"] = message[..MaxMessageLength] + "…";
                return JsonSerializer.SerializeToUtf8Bytes(status);
            }
        }
        catch (JsonException)
        {
            // Not a JSON status (cut off at the capture limit, say): a short generic one instead.
            return StatusBody(StatusCode.InvalidArgument, "The request could not be read.");
        }

        return body;
    }

    private static string Shorten(string? path) =>
        path is null ? "" : path.Length <= 100 ? path : path[..100] + "…";

    private static byte[] StatusBody(StatusCode code, string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new { code = (int)code, message, details = Array.Empty<object>() });

    // The gRPC code that the HTTP status of an answer without a body stands for.
    private static StatusCode CodeOf(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
        StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
        StatusCodes.Status404NotFound => StatusCode.NotFound,
        StatusCodes.Status405MethodNotAllowed => StatusCode.Unimplemented,
        StatusCodes.Status409Conflict => StatusCode.AlreadyExists,
        StatusCodes.Status429TooManyRequests => StatusCode.ResourceExhausted,
        StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
        >= 500 => StatusCode.Internal,
        _ => StatusCode.InvalidArgument,
    };

    private static string ReasonOf(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status404NotFound => "no such route",
        StatusCodes.Status405MethodNotAllowed => "the route does not take this method",
        StatusCodes.Status413PayloadTooLarge => "the request body is too large",
        StatusCodes.Status415UnsupportedMediaType => "send the body as application/json",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(httpStatus),
    };
}
