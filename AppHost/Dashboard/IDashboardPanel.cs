using Microsoft.AspNetCore.Routing;

namespace Deployteq.AppHost.Dashboard;

// A part of the dashboard that a resource brings (the Pega panel): its API under /api, behind the token.
public interface IDashboardPanel
{
    void Map(IEndpointRouteBuilder api);
}
