using Deployteq.Customers.Auth;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

[RequireAnyToken]
public sealed class IdentityService(ITokenVerifier verifier, RevocationHub revocations) : Identity.IdentityBase
{
    public override async Task<Principal> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        // The interceptor checked the token, possibly from memory; a service that keeps the
        // answer asks for a check in Redis, which no revocation can have overtaken.
        var caller = request.VerifyInStore
            ? await verifier.VerifyAsync(context.GetBearerToken()!, context.CancellationToken)
            : context.GetCaller();
        return new Principal
        {
            BrandId = caller.BrandId,
            BrandName = caller.BrandName,
            PortalId = caller.PortalId,
            PortalName = caller.PortalName,
            ApiUserId = caller.ApiUserId,
            ApiUserName = caller.ApiUserName,
            TokenId = caller.TokenId,
            Scopes = { caller.Scopes },
        };
    }

    // The internal key, not a brand token: the interceptor checks the key attributes before the
    // class's RequireAnyToken.
    [RequireInternalKey]
    public override async Task WatchRevocations(
        WatchRevocationsRequest request, IServerStreamWriter<RevocationNotice> responseStream, ServerCallContext context)
    {
        using var watch = revocations.Watch();
        try
        {
            await foreach (var notice in watch.Notices.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(notice, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
    }
}
