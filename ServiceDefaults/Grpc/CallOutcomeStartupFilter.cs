using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Deployteq.ServiceDefaults.Grpc;

// Puts CallOutcomeMiddleware first in every gRPC service's pipeline, without a line in Program.cs.
internal sealed class CallOutcomeStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<CallOutcomeMiddleware>();
        next(app);
    };
}
