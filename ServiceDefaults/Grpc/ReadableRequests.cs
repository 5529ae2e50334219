using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Deployteq.ServiceDefaults.Grpc;

// A request whose bytes are not a valid message (invalid UTF-8 in a string, a truncated field,
// a bad wire type, random bytes) is the caller's error: INVALID_ARGUMENT, never UNKNOWN.
public static class ReadableRequests
{
    public const string UnreadableMessagePrefix = "The request could not be read as ";

    // For what grpc-dotnet reads before the message: the frames around it.
    public const string BrokenFraming =
        "The request could not be read: its gRPC framing is broken (a length prefix past the end, extra bytes, or a bad compression flag).";

    public static Method<TRequest, TResponse> Wrap<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class
    {
        var inner = method.RequestMarshaller;
        var status = new Status(StatusCode.InvalidArgument,
            $"{UnreadableMessagePrefix}{MessageName(typeof(TRequest))}: its bytes are not a valid message (truncated, malformed or not UTF-8).");
        var marshaller = Marshallers.Create(inner.ContextualSerializer, context =>
        {
            try
            {
                return inner.ContextualDeserializer(context);
            }
            catch (Exception exception) when (exception is not RpcException)
            {
                throw new RpcException(status);
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    private static string MessageName(Type type) =>
        type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor descriptor
            ? descriptor.FullName
            : type.Name;
}
