using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Deployteq.ServiceDefaults.Grpc;

// Receives the methods a generated BindService declares and adds each to the service with its
// handler (the service's override, or the generated one that answers UNIMPLEMENTED), the
// attributes of the class and the method as endpoint metadata (RequireScope, ...), and a request
// marshaller from ReadableRequests.
internal sealed class ReadableRequestBinder<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TService>(
    ServiceMethodProviderContext<TService> context, Type serviceBase) : ServiceBinderBase where TService : class
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<UnaryServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(TRequest), typeof(ServerCallContext));
        context.AddUnaryMethod(ReadableRequests.Wrap(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
        context.AddClientStreamingMethod(ReadableRequests.Wrap(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddServerStreamingMethod(ReadableRequests.Wrap(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddDuplexStreamingMethod(ReadableRequests.Wrap(method), metadata, invoker);
    }

    private (TDelegate Invoker, List<object> Metadata) Handler<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate
    {
        var handler = FindOverride(name, parameters)
            ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
        var metadata = new List<object>();
        // Class first, method last: routing lets the later entry win.
        metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
        metadata.AddRange(handler.GetCustomAttributes(inherit: true));
        metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
        return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
    }

    // The public instance method that overrides the generated base's virtual one; a method that
    // merely hides it by name is skipped, as grpc-dotnet does.
    private MethodInfo? FindOverride(string name, Type[] parameters)
    {
        for (Type? type = typeof(TService); type is not null; type = type.BaseType)
        {
            var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
            if (method is null)
            {
                return null;
            }

            if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == serviceBase)
            {
                return method;
            }
        }

        return null;
    }
}
