using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Grpc.Core;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

// The connector user is created once per brand by an optimistic transaction (the pointer must
// still be what was read), so two concurrent installs agree on one user; tokens are then made
// by the tenant store like any other.
public sealed class RedisConnectorTokenStore(IConnectionMultiplexer redis, ITenantStore tenants, TimeProvider clock) : IConnectorTokenStore
{
    public const string ConnectorUserName = "pega-connector";

    private static readonly IReadOnlyList<string> ReadScopes = [Scopes.EventsRead];

    private IDatabase Db => redis.GetDatabase();

    public async Task<CreatedToken> CreateReadTokenAsync(long brandId, string description)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var userId = await GetOrCreateUserAsync(brandId);
            try
            {
                return await tenants.CreateTokenAsync(brandId, userId, ReadScopes, description);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                // The connector user was deleted between the two steps: make a new one.
            }
        }

        throw new InvalidOperationException("The connector user kept disappearing.");
    }

    public async Task<bool> RevokeReadTokenAsync(long brandId, long tokenId)
    {
        var pointer = await Db.StringGetAsync(CustomersKeys.ConnectorUser(brandId));
        var owner = await Db.HashGetAsync(CustomersKeys.Token(brandId, tokenId), "user");
        if (pointer.IsNull || owner.IsNull || owner != pointer)
        {
            return false;
        }

        return await tenants.RevokeTokenAsync(brandId, tokenId);
    }

    private async Task<long> GetOrCreateUserAsync(long brandId)
    {
        var pointerKey = CustomersKeys.ConnectorUser(brandId);
        while (true)
        {
            var pointer = await Db.StringGetAsync(pointerKey);
            if (!pointer.IsNull && await Db.HashExistsAsync(CustomersKeys.ApiUserNames(brandId), pointer))
            {
                return (long)pointer;
            }

            var brandKey = CustomersKeys.BrandRecord(brandId);
            if (!await Db.KeyExistsAsync(brandKey))
            {
                throw Problems.NotFound("No such brand.");
            }

            var id = await Db.StringIncrementAsync(CustomersKeys.UserSequence(brandId));
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var transaction = Db.CreateTransaction();
            transaction.AddCondition(pointer.IsNull ? Condition.KeyNotExists(pointerKey) : Condition.StringEqual(pointerKey, pointer));
            var brandExists = transaction.AddCondition(Condition.KeyExists(brandKey));
            // The same per-brand user limit as Admin.CreateApiUser, in the same step as the write.
            var roomForUser = transaction.AddCondition(Condition.HashLengthLessThan(CustomersKeys.ApiUserNames(brandId), Limits.MaxApiUsersPerBrand));
            _ = transaction.HashSetAsync(CustomersKeys.ApiUserNames(brandId), id, ConnectorUserName);
            _ = transaction.HashSetAsync(CustomersKeys.ApiUserCreated(brandId), id, now);
            _ = transaction.StringSetAsync(pointerKey, id);
            if (await transaction.ExecuteAsync())
            {
                return id;
            }

            if (!brandExists.WasSatisfied)
            {
                throw Problems.NotFound("No such brand.");
            }

            if (!roomForUser.WasSatisfied)
            {
                throw Problems.FailedPrecondition($"The brand has {Limits.MaxApiUsersPerBrand} API users already; delete one to install the connector.");
            }

            // Another install set the pointer first: read it again.
        }
    }
}
