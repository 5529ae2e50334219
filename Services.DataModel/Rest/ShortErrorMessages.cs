using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployteq.DataModel.Rest;

// JSON transcoding answers a request body it cannot read with the parser's message, which quotes
// the offending value whole (a 1 MB date-time comes back as a 1 MB answer). DESIGN.md: a status
// message quotes at most a short prefix of any value. This cuts the `message` of every REST error
// body to that length; gRPC calls pass untouched.
public sealed class ShortErrorMessages(RequestDelegate next)
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
            return JsonSerializer.SerializeToUtf8Bytes(new { code = 3, message = "The request could not be read.", details = Array.Empty<object>() });
        }

        return body;
    }
}
