using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.ServiceDefaults.Grpc;

public static class ReadableRequestRegistration
{
    // Swaps grpc-dotnet's binder (BinderServiceMethodProvider) for ReadableRequestMethodProvider:
    // both would map every method, and a path mapped twice fails every call to it. Call after
    // AddGrpc; a later AddGrpc puts the binder back, which ReadableRequestMethodProvider reports.
    public static IServiceCollection UseReadableRequestMethodProvider(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IServiceMethodProvider<>) && IsGrpcBinder(services[i].ImplementationType))
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(ReadableRequestMethodProvider<>));
        return services;
    }

    internal static bool IsGrpcBinder(Type? type) =>
        type is { Namespace: "Grpc.AspNetCore.Server.Model.Internal", Name: "BinderServiceMethodProvider`1" };
}
