using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Grpc.Core;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

// The connector user is created once per brand by an optimistic transaction (the pointer must
// still be what was read), so two concurrent installs agree on one user; tokens are then made
// by the tenant store like any other.
public sealed class RedisConnectorTokenStore(IConnectionMultiplexer redis, ITenantStore tenants) : IConnectorTokenStore
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
        var pointer = await Db.StringGetAsync(RedisKeys.ConnectorUser(brandId));
        var owner = await Db.HashGetAsync(RedisKeys.Token(brandId, tokenId), "user");
        if (pointer.IsNull || owner.IsNull || owner != pointer)
        {
            return false;
        }

        return await tenants.RevokeTokenAsync(brandId, tokenId);
    }

    private async Task<long> GetOrCreateUserAsync(long brandId)
    {
        var pointerKey = RedisKeys.ConnectorUser(brandId);
        while (true)
        {
            var pointer = await Db.StringGetAsync(pointerKey);
            if (!pointer.IsNull && await Db.KeyExistsAsync(RedisKeys.User(brandId, (long)pointer)))
            {
                return (long)pointer;
            }

            var brandKey = RedisKeys.BrandRecord(brandId);
            if (!await Db.KeyExistsAsync(brandKey))
            {
                throw Problems.NotFound("No such brand.");
            }

            var id = await Db.StringIncrementAsync(RedisKeys.UserSequence(brandId));
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var transaction = Db.CreateTransaction();
            transaction.AddCondition(pointer.IsNull ? Condition.KeyNotExists(pointerKey) : Condition.StringEqual(pointerKey, pointer));
            transaction.AddCondition(Condition.KeyExists(brandKey));
            _ = transaction.HashSetAsync(RedisKeys.User(brandId, id), [new("id", id), new("name", ConnectorUserName), new("created", now)]);
            _ = transaction.SortedSetAddAsync(RedisKeys.UserIds(brandId), id, id);
            _ = transaction.StringSetAsync(pointerKey, id);
            if (await transaction.ExecuteAsync())
            {
                return id;
            }
        }
    }
}
