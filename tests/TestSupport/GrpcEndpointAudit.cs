using Deployteq.ServiceDefaults.Auth;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.TestSupport;

// What a host maps, read from its routing (the same metadata AuthenticationInterceptor reads).
public static class GrpcEndpointAudit
{
    // AdmitsInternalKey: a method that also takes the internal key in place of a brand token.
    public sealed record MappedMethod(string Service, string Name, bool NamesAuthentication, bool AdmitsInternalKey);

    public static IReadOnlyList<MappedMethod> Methods(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(endpoint => (endpoint.Metadata, Grpc: endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()))
            .Where(mapped => mapped.Grpc is not null)
            .Select(mapped => new MappedMethod(
                mapped.Grpc!.Method.ServiceName,
                mapped.Grpc.Method.Name,
                mapped.Metadata.GetMetadata<RequireScopeAttribute>() is not null
                || mapped.Metadata.GetMetadata<RequireAnyTokenAttribute>() is not null
                || mapped.Metadata.GetMetadata<RequireAdminKeyAttribute>() is not null
                || mapped.Metadata.GetMetadata<RequireInternalKeyAttribute>() is not null,
                mapped.Metadata.GetMetadata<AdmitInternalKeyAttribute>() is not null))
            .ToList();
}
