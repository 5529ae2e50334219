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
        var id = await Db.StringIncrementAsync(CustomersKeys.PortalSequence);
        var now = Now();
        await Db.HashSetAsync(CustomersKeys.Portal(id), [new("id", id), new("name", name), new("created", now)]);
        return new PortalRecord(id, name, FromMs(now));
    }

    public async Task<BrandRecord> CreateBrandAsync(long portalId, string name)
    {
        // A portal is never deleted, so once seen it stays: the brand can be written after it.
        var portalName = await Db.HashGetAsync(CustomersKeys.Portal(portalId), "name");
        if (portalName.IsNull)
        {
            throw Problems.NotFound("No such portal.");
        }

        var id = await Db.StringIncrementAsync(CustomersKeys.BrandSequence);
        var now = Now();
        await Db.HashSetAsync(CustomersKeys.BrandRecord(id),
        [
            new("id", id), new("portal_id", portalId), new("name", name), new("portal_name", portalName), new("created", now),
        ]);
        return new BrandRecord(id, portalId, name, portalName!, FromMs(now));
    }

    public async Task<BrandRecord?> GetBrandAsync(long brandId)
    {
        var values = await Db.HashGetAsync(CustomersKeys.BrandRecord(brandId), ["portal_id", "name", "portal_name", "created"]);
        return values[0].IsNull
            ? null
            : new BrandRecord(brandId, (long)values[0], (string)values[1]!, (string)values[2]!, FromMs((long)values[3]));
    }

    public async Task<ApiUserRecord> CreateApiUserAsync(long brandId, string name)
    {
        var brandKey = CustomersKeys.BrandRecord(brandId);
        if (!await Db.KeyExistsAsync(brandKey))
        {
            throw Problems.NotFound("No such brand.");
        }

        // Checked first so that a refused call uses up no id; the transaction below guarantees it.
        if (await Db.HashLengthAsync(CustomersKeys.ApiUserNames(brandId)) >= Limits.MaxApiUsersPerBrand)
        {
            throw TooManyApiUsers();
        }

        var id = await Db.StringIncrementAsync(CustomersKeys.UserSequence(brandId));
        var now = Now();
        var transaction = Db.CreateTransaction();
        var brandExists = transaction.AddCondition(Condition.KeyExists(brandKey));
        // The limit holds for what is stored, checked in the same step as the write.
        transaction.AddCondition(Condition.HashLengthLessThan(CustomersKeys.ApiUserNames(brandId), Limits.MaxApiUsersPerBrand));
        _ = transaction.HashSetAsync(CustomersKeys.ApiUserNames(brandId), id, name);
        _ = transaction.HashSetAsync(CustomersKeys.ApiUserCreated(brandId), id, now);
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
        var batch = Db.CreateBatch();
        var names = batch.HashGetAllAsync(CustomersKeys.ApiUserNames(brandId));
        var created = batch.HashGetAllAsync(CustomersKeys.ApiUserCreated(brandId));
        batch.Execute();
        var times = (await created).ToDictionary(entry => (long)entry.Name, entry => (long)entry.Value);
        return (await names)
            .Select(entry => new ApiUserRecord((long)entry.Name, brandId, (string)entry.Value!, FromMs(times.GetValueOrDefault((long)entry.Name))))
            .OrderBy(user => user.Id)
            .ToList();
    }

    public async Task<bool> DeleteApiUserAsync(long brandId, long apiUserId)
    {
        // The user's tokens die with it: a token check looks the user up, and every service
        // drops them from memory on the notice.
        var deleted = await Db.ScriptEvaluateAsync(
            CustomersScripts.DeleteApiUser,
            [CustomersKeys.ApiUserNames(brandId), CustomersKeys.ApiUserCreated(brandId)],
            [apiUserId, CustomersKeys.Revocations.ToString(), RevocationMessage.Format(RevocationMessage.ApiUserDeleted(brandId, apiUserId))]);
        return (long)deleted == 1;
    }

    public async Task<CreatedToken> CreateTokenAsync(long brandId, long apiUserId, IReadOnlyList<string> scopes, string description)
    {
        var users = CustomersKeys.ApiUserNames(brandId);
        if (!await Db.HashExistsAsync(users, apiUserId))
        {
            throw Problems.NotFound("No such API user in this brand.");
        }

        if (await Db.SortedSetLengthAsync(CustomersKeys.TokenIds(brandId)) >= Limits.MaxTokensPerBrand)
        {
            throw TooManyTokens();
        }

        var id = await Db.StringIncrementAsync(CustomersKeys.TokenSequence(brandId));
        var (token, hash) = TokenFormat.Create(brandId, id);
        var now = Now();
        var transaction = Db.CreateTransaction();
        var userExists = transaction.AddCondition(Condition.HashExists(users, apiUserId));
        transaction.AddCondition(Condition.SortedSetLengthLessThan(CustomersKeys.TokenIds(brandId), Limits.MaxTokensPerBrand));
        _ = transaction.HashSetAsync(CustomersKeys.Token(brandId, id),
        [
            new("id", id), new("user", apiUserId), new("hash", hash), new("scopes", string.Join(' ', scopes)),
            new("description", description), new("created", now), new("last_used", now), new("revoked", 0),
        ]);
        _ = transaction.SortedSetAddAsync(CustomersKeys.TokenIds(brandId), id, id);
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
        var ids = await Db.SortedSetRangeByRankAsync(CustomersKeys.TokenIds(brandId));
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAsync(
            CustomersKeys.Token(brandId, (long)id), ["id", "user", "scopes", "description", "created", "last_used", "revoked"])).ToList();
        var users = batch.HashKeysAsync(CustomersKeys.ApiUserNames(brandId));
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
        var revoked = await Db.ScriptEvaluateAsync(
            CustomersScripts.RevokeToken,
            [CustomersKeys.Token(brandId, tokenId)],
            [CustomersKeys.Revocations.ToString(), RevocationMessage.Format(RevocationMessage.TokenRevoked(brandId, tokenId))]);
        return (long)revoked == 1;
    }

    public async Task<bool> DeleteTokenAsync(long brandId, long tokenId)
    {
        var deleted = await Db.ScriptEvaluateAsync(
            CustomersScripts.DeleteToken,
            [CustomersKeys.Token(brandId, tokenId), CustomersKeys.TokenIds(brandId)],
            [tokenId, CustomersKeys.Revocations.ToString(), RevocationMessage.Format(RevocationMessage.TokenRevoked(brandId, tokenId))]);
        return (long)deleted == 1;
    }

    public async Task<bool> DeleteBrandAsync(long brandId)
    {
        var brandKey = CustomersKeys.BrandRecord(brandId);
        var removed = (long)await Db.ScriptEvaluateAsync(
            CustomersScripts.DeleteBrand,
            [brandKey],
            [CustomersKeys.Revocations.ToString(), RevocationMessage.Format(RevocationMessage.BrandRemoved(brandId))]) == 1;
        // With the record gone nothing can reach the brand's other keys; they go now, or on a
        // repeated call if this one is cut off.
        var leftOver = await RemoveKeysAsync(CustomersKeys.BrandPattern(brandId));
        return removed || leftOver > 0;
    }

    // Every key matching the pattern, on every primary (a cluster spreads keys over several).
    private async Task<long> RemoveKeysAsync(string pattern)
    {
        const int PageSize = 500;
        long removed = 0;
        foreach (var server in redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            var page = new List<RedisKey>(PageSize);
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: PageSize))
            {
                page.Add(key);
                if (page.Count == PageSize)
                {
                    removed += await Db.KeyDeleteAsync([.. page]);
                    page.Clear();
                }
            }

            if (page.Count > 0)
            {
                removed += await Db.KeyDeleteAsync([.. page]);
            }
        }

        return removed;
    }

    private static RpcException TooManyApiUsers() =>
        Problems.FailedPrecondition($"This brand has {Limits.MaxApiUsersPerBrand} API users, the most it may; delete one first.");

    private static RpcException TooManyTokens() =>
        Problems.FailedPrecondition($"This brand has {Limits.MaxTokensPerBrand} tokens, revoked and expired ones included, the most it may; DeleteToken removes one.");

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
