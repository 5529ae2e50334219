using Deployteq.Customers.Auth;
using Deployteq.Customers.Model;
using Deployteq.Customers.Storage;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

[RequireAdminKey]
public sealed class AdminService(ITenantStore store, TokenCache tokens) : Admin.AdminBase
{
    public override async Task<Portal> CreatePortal(CreatePortalRequest request, ServerCallContext context)
    {
        ValidateName(new RequestValidator(), request.Name).ThrowIfInvalid();
        var portal = await store.CreatePortalAsync(request.Name);
        return new Portal { Id = portal.Id, Name = portal.Name, CreateTime = Timestamp.FromDateTimeOffset(portal.Created) };
    }

    public override async Task<Brand> CreateBrand(CreateBrandRequest request, ServerCallContext context)
    {
        ValidateName(new RequestValidator().Positive(request.PortalId, "portal_id"), request.Name).ThrowIfInvalid();
        return ToProto(await store.CreateBrandAsync(request.PortalId, request.Name));
    }

    public override async Task<Brand> GetBrand(GetBrandRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.BrandId, "brand_id").ThrowIfInvalid();
        return ToProto(await store.GetBrandAsync(request.BrandId) ?? throw Problems.NotFound("No such brand."));
    }

    public override async Task<Empty> DeleteBrand(DeleteBrandRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.BrandId, "brand_id").ThrowIfInvalid();
        if (!await store.DeleteBrandAsync(request.BrandId))
        {
            throw Problems.NotFound("No such brand.");
        }

        tokens.Apply(RevocationMessage.BrandRemoved(request.BrandId));
        return new Empty();
    }

    public override async Task<ApiUser> CreateApiUser(CreateApiUserRequest request, ServerCallContext context)
    {
        ValidateName(new RequestValidator().Positive(request.BrandId, "brand_id"), request.Name).ThrowIfInvalid();
        return ToProto(await store.CreateApiUserAsync(request.BrandId, request.Name));
    }

    public override async Task<ListApiUsersResponse> ListApiUsers(ListApiUsersRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.BrandId, "brand_id").ThrowIfInvalid();
        var users = await store.ListApiUsersAsync(request.BrandId);
        return new ListApiUsersResponse { ApiUsers = { users.Select(ToProto) } };
    }

    public override async Task<Empty> DeleteApiUser(DeleteApiUserRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.BrandId, "brand_id").Positive(request.ApiUserId, "api_user_id").ThrowIfInvalid();
        if (!await store.DeleteApiUserAsync(request.BrandId, request.ApiUserId))
        {
            throw Problems.NotFound("No such API user in this brand.");
        }

        // Every instance hears it through Redis; this one also at once, so that the caller's next
        // call here is refused whatever the pub/sub delay.
        tokens.Apply(RevocationMessage.ApiUserDeleted(request.BrandId, request.ApiUserId));
        return new Empty();
    }

    public override async Task<CreateTokenResponse> CreateToken(CreateTokenRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Positive(request.BrandId, "brand_id")
            .Positive(request.ApiUserId, "api_user_id")
            .Text(request.Description, Limits.MaxDescriptionLength, "description")
            .MaxCount(request.Scopes.Count, Limits.MaxScopesPerToken, "scopes");
        for (var i = 0; i < Math.Min(request.Scopes.Count, Limits.MaxScopesPerToken); i++)
        {
            validator.Check(Scopes.IsKnown(request.Scopes[i]), $"scopes[{i}]", $"is not a scope ({string.Join(", ", Scopes.All)})");
        }

        validator.ThrowIfInvalid();
        var scopes = request.Scopes.Count == 0 ? Scopes.All : request.Scopes.Distinct().ToList();
        var created = await store.CreateTokenAsync(request.BrandId, request.ApiUserId, scopes, request.Description);
        return new CreateTokenResponse { Token = created.Secret, Info = ToProto(created.Info) };
    }

    public override async Task<ListTokensResponse> ListTokens(ListTokensRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.BrandId, "brand_id").ThrowIfInvalid();
        var tokens = await store.ListTokensAsync(request.BrandId);
        return new ListTokensResponse { Tokens = { tokens.Select(ToProto) } };
    }

    public override Task<Empty> RevokeToken(RevokeTokenRequest request, ServerCallContext context) =>
        EndTokenAsync(request.BrandId, request.TokenId, store.RevokeTokenAsync);

    public override Task<Empty> DeleteToken(DeleteTokenRequest request, ServerCallContext context) =>
        EndTokenAsync(request.BrandId, request.TokenId, store.DeleteTokenAsync);

    // Revoked or deleted, the token dies in every instance through Redis; in this one also at
    // once, so that the caller's next call here is refused whatever the pub/sub delay.
    private async Task<Empty> EndTokenAsync(long brandId, long tokenId, Func<long, long, Task<bool>> end)
    {
        new RequestValidator().Positive(brandId, "brand_id").Positive(tokenId, "token_id").ThrowIfInvalid();
        if (!await end(brandId, tokenId))
        {
            throw Problems.NotFound("No such token in this brand.");
        }

        tokens.Apply(RevocationMessage.TokenRevoked(brandId, tokenId));
        return new Empty();
    }

    private static RequestValidator ValidateName(RequestValidator validator, string name) =>
        validator.Name(name, Limits.MaxNameLength, "name");

    private static Brand ToProto(BrandRecord brand) => new()
    {
        Id = brand.Id,
        PortalId = brand.PortalId,
        Name = brand.Name,
        PortalName = brand.PortalName,
        CreateTime = Timestamp.FromDateTimeOffset(brand.Created),
    };

    private static ApiUser ToProto(ApiUserRecord user) => new()
    {
        Id = user.Id,
        BrandId = user.BrandId,
        Name = user.Name,
        CreateTime = Timestamp.FromDateTimeOffset(user.Created),
    };

    private static TokenInfo ToProto(TokenRecord token) => new()
    {
        Id = token.Id,
        BrandId = token.BrandId,
        ApiUserId = token.ApiUserId,
        Scopes = { token.Scopes },
        Description = token.Description,
        CreateTime = Timestamp.FromDateTimeOffset(token.Created),
        LastUsedTime = Timestamp.FromDateTimeOffset(token.LastUsed),
        Revoked = token.Revoked,
        Expired = token.Expired,
    };
}
