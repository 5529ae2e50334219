using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Auth;

namespace Deployteq.Customers.Grpc;

public static class ActorExtensions
{
    public static Actor ToActor(this CallerIdentity caller) => new(caller.ApiUserId, caller.ApiUserName);
}
