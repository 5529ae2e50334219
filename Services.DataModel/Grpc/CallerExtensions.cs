using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Model;
using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;

namespace Deployteq.DataModel.Grpc;

public static class CallerExtensions
{
    // Record calls ask Customers with the caller's token, so it needs the customers scope too; a
    // token that has it is also lent to the brand's change feed for what the internal key may not
    // do (a reconciliation), or to watch at all when no internal key is configured.
    public static CallerIdentity GetRecordsCaller(this ServerCallContext context, CustomerFeedSupervisor feeds)
    {
        var caller = context.GetCaller();
        if (!caller.HasScope(Scopes.Customers))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"Records are checked against Customers with your token, which needs the '{Scopes.Customers}' scope as well as '{Scopes.DataModel}'."));
        }

        if (context.GetBearerToken() is { } token)
        {
            feeds.Offer(caller.BrandId, token);
        }

        return caller;
    }
}
