namespace Deployteq.ServiceDefaults.Auth;

public static class ActorExtensions
{
    public static Actor ToActor(this CallerIdentity caller) => new(caller.ApiUserId, caller.ApiUserName);
}
