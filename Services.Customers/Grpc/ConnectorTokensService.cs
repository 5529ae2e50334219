using Deployteq.Customers.Auth;
using Deployteq.Customers.Storage;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

// Lets the Pega connector give each installation an Events token of its own (only events.read
// on the caller's brand) with the caller's `pega` token instead of the administrator key.
[RequireScope(Scopes.Pega)]
public sealed class ConnectorTokensService(IConnectorTokenStore store, TokenCache tokens) : ConnectorTokens.ConnectorTokensBase
{
    private const int MaxDescriptionLength = 200;

    public override async Task<CreateReadTokenResponse> CreateReadToken(CreateReadTokenRequest request, ServerCallContext context)
    {
        new RequestValidator().MaxLength(request.Description, MaxDescriptionLength, "description").ThrowIfInvalid();
        var created = await store.CreateReadTokenAsync(context.GetCaller().BrandId, request.Description);
        return new CreateReadTokenResponse { Token = created.Secret, TokenId = created.Info.Id, ApiUserId = created.Info.ApiUserId };
    }

    public override async Task<RevokeReadTokenResponse> RevokeReadToken(RevokeReadTokenRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.TokenId, "token_id").ThrowIfInvalid();
        if (!await store.RevokeReadTokenAsync(context.GetCaller().BrandId, request.TokenId))
        {
            throw Problems.NotFound("No such connector read token in this brand.");
        }

        // As AdminService does: the token dies in every instance through Redis, and in this one at
        // once, so that the caller's next call here is refused whatever the pub/sub delay.
        tokens.Apply(RevocationMessage.TokenRevoked(context.GetCaller().BrandId, request.TokenId));
        return new RevokeReadTokenResponse();
    }
}
