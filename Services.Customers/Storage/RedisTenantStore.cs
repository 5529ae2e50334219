using Deployteq.Customers.Auth;
using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Errors;
using Grpc.Core;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

public sealed class RedisTenantStore(IConnectionMultiplexer redis, TimeProvider clock) : ITenantStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<PortalRecord> CreatePortalAsync(string name)
    {
        var id = await Db.StringIncrementAsync(RedisKeys.PortalSequence);
        var now = Now();
        await Db.HashSetAsync(RedisKeys.Portal(id), [new("id", id), new("name", name), new("created", now)]);
        return new PortalRecord(id, name, FromMs(now));
    }

    public async Task<BrandRecord> CreateBrandAsync(long portalId, string name)
    {
        // A portal is never deleted, so once seen it stays: the brand can be written after it.
        var portalName = await Db.HashGetAsync(RedisKeys.Portal(portalId), "name");
        if (portalName.IsNull)
        {
            throw Problems.NotFound("No such portal.");
        }

        var id = await Db.StringIncrementAsync(RedisKeys.BrandSequence);
        var now = Now();
        await Db.HashSetAsync(RedisKeys.BrandRecord(id),
        [
            new("id", id), new("portal_id", portalId), new("name", name), new("portal_name", portalName), new("created", now),
        ]);
        return new BrandRecord(id, portalId, name, portalName!, FromMs(now));
    }

    public async Task<BrandRecord?> GetBrandAsync(long brandId)
    {
        var values = await Db.HashGetAsync(RedisKeys.BrandRecord(brandId), ["portal_id", "name", "portal_name", "created"]);
        return values[0].IsNull
            ? null
            : new BrandRecord(brandId, (long)values[0], (string)values[1]!, (string)values[2]!, FromMs((long)values[3]));
    }

    public async Task<ApiUserRecord> CreateApiUserAsync(long brandId, string name)
    {
        var brandKey = RedisKeys.BrandRecord(brandId);
        if (!await Db.KeyExistsAsync(brandKey))
        {
            throw Problems.NotFound("No such brand.");
        }

        // Checked first so that a refused call uses up no id; the transaction below guarantees it.
        if (await Db.SortedSetLengthAsync(RedisKeys.UserIds(brandId)) >= Limits.MaxApiUsersPerBrand)
        {
            throw TooManyApiUsers();
        }

        var id = await Db.StringIncrementAsync(RedisKeys.UserSequence(brandId));
        var now = Now();
        var transaction = Db.CreateTransaction();
        var brandExists = transaction.AddCondition(Condition.KeyExists(brandKey));
        // The limit holds for what is stored, checked in the same step as the write.
        transaction.AddCondition(Condition.SortedSetLengthLessThan(RedisKeys.UserIds(brandId), Limits.MaxApiUsersPerBrand));
        _ = transaction.HashSetAsync(RedisKeys.User(brandId, id), [new("id", id), new("name", name), new("created", now)]);
        _ = transaction.SortedSetAddAsync(RedisKeys.UserIds(brandId), id, id);
        if (!await transaction.ExecuteAsync())
        {
            throw brandExists.WasSatisfied
                ? TooManyApiUsers()
                : Problems.NotFound("No such brand.");
        }

        return new ApiUserRecord(id, brandId, name, FromMs(now));
    }

    public async Task<IReadOnlyList<ApiUserRecord>> ListApiUsersAsync(long brandId)
    {
        var ids = await Db.SortedSetRangeByRankAsync(RedisKeys.UserIds(brandId));
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAsync(RedisKeys.User(brandId, (long)id), ["id", "name", "created"])).ToList();
        batch.Execute();
        var users = new List<ApiUserRecord>();
        foreach (var read in reads)
        {
            var values = await read;
            if (!values[0].IsNull)
            {
                users.Add(new ApiUserRecord((long)values[0], brandId, (string)values[1]!, FromMs((long)values[2])));
            }
        }

        return users;
    }

    public async Task<bool> DeleteApiUserAsync(long brandId, long apiUserId)
    {
        // The user's tokens die with it: authentication checks that the user still exists.
        var transaction = Db.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(RedisKeys.User(brandId, apiUserId));
        _ = transaction.SortedSetRemoveAsync(RedisKeys.UserIds(brandId), apiUserId);
        await transaction.ExecuteAsync();
        return await deleted;
    }

    public async Task<CreatedToken> CreateTokenAsync(long brandId, long apiUserId, IReadOnlyList<string> scopes, string description)
    {
        var userKey = RedisKeys.User(brandId, apiUserId);
        if (!await Db.KeyExistsAsync(userKey))
        {
            throw Problems.NotFound("No such API user in this brand.");
        }

        if (await Db.SortedSetLengthAsync(RedisKeys.TokenIds(brandId)) >= Limits.MaxTokensPerBrand)
        {
            throw TooManyTokens();
        }

        var id = await Db.StringIncrementAsync(RedisKeys.TokenSequence(brandId));
        var (token, hash) = TokenFormat.Create(brandId, id);
        var now = Now();
        var transaction = Db.CreateTransaction();
        var userExists = transaction.AddCondition(Condition.KeyExists(userKey));
        transaction.AddCondition(Condition.SortedSetLengthLessThan(RedisKeys.TokenIds(brandId), Limits.MaxTokensPerBrand));
        _ = transaction.HashSetAsync(RedisKeys.Token(brandId, id),
        [
            new("id", id), new("user", apiUserId), new("hash", hash), new("scopes", string.Join(' ', scopes)),
            new("description", description), new("created", now), new("last_used", now), new("revoked", 0),
        ]);
        _ = transaction.SortedSetAddAsync(RedisKeys.TokenIds(brandId), id, id);
        if (!await transaction.ExecuteAsync())
        {
            throw userExists.WasSatisfied
                ? TooManyTokens()
                : Problems.NotFound("No such API user in this brand.");
        }

        return new CreatedToken(token, new TokenRecord(id, brandId, apiUserId, scopes, description, FromMs(now), FromMs(now), false, false));
    }

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(long brandId)
    {
        var ids = await Db.SortedSetRangeByRankAsync(RedisKeys.TokenIds(brandId));
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAsync(
            RedisKeys.Token(brandId, (long)id), ["id", "user", "scopes", "description", "created", "last_used", "revoked"])).ToList();
        var users = batch.SortedSetRangeByRankAsync(RedisKeys.UserIds(brandId));
        batch.Execute();
        var liveUsers = (await users).Select(id => (long)id).ToHashSet();
        var now = clock.GetUtcNow();
        var tokens = new List<TokenRecord>();
        foreach (var read in reads)
        {
            var values = await read;
            if (values[0].IsNull)
            {
                continue;
            }

            var userId = (long)values[1];
            var lastUsed = FromMs((long)values[5]);
            var revoked = values[6] == 1;
            tokens.Add(new TokenRecord(
                (long)values[0], brandId, userId,
                ((string)values[2]!).Split(' ', StringSplitOptions.RemoveEmptyEntries),
                (string)values[3]!, FromMs((long)values[4]), lastUsed, revoked,
                Expired: revoked || !liveUsers.Contains(userId) || now - lastUsed > TokenPolicy.IdleLifetime));
        }

        return tokens;
    }

    public async Task<bool> RevokeTokenAsync(long brandId, long tokenId)
    {
        var key = RedisKeys.Token(brandId, tokenId);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(key));
        _ = transaction.HashSetAsync(key, "revoked", 1);
        return await transaction.ExecuteAsync();
    }

    private static RpcException TooManyApiUsers() =>
        Problems.FailedPrecondition($"This brand has {Limits.MaxApiUsersPerBrand} API users, the most it may; delete one first.");

    private static RpcException TooManyTokens() =>
        Problems.FailedPrecondition($"This brand has {Limits.MaxTokensPerBrand} tokens, revoked and expired ones included, the most it may.");

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
