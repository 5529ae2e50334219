using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.Benchmarks.Floor;

// Maps the floor service into Customers' own host, ahead of its endpoints: the same Kestrel, the
// same gRPC options and interceptors, the same Redis multiplexer.
public sealed class MapFloorService : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapGrpcService<FloorService>());
        next(app);
    };
}
