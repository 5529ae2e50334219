using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Errors;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

public sealed class RedisGroupStore(IConnectionMultiplexer redis, TimeProvider clock) : IGroupStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<GroupRecord> CreateAsync(long brandId, string name)
    {
        var now = clock.GetUtcNow();
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            LuaScripts.CreateGroup,
            [RedisKeys.GroupSequence(brandId), RedisKeys.GroupNameIndex(brandId), RedisKeys.GroupIds(brandId)],
            [RedisKeys.Brand(brandId), now.ToUnixTimeMilliseconds(), name, NameKey(name), Limits.MaxGroupsPerBrand]))!;
        switch ((string)result[0]!)
        {
            case "name_taken":
                throw Problems.AlreadyExists("This brand has a group of that name already.");
            case "too_many_groups":
                throw Problems.FailedPrecondition($"This brand holds {Limits.MaxGroupsPerBrand} groups, the most it may; delete one first.");
        }

        return new GroupRecord((long)result[1], name, 0, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
    }

    public async Task<bool> DeleteAsync(long brandId, long groupId)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            LuaScripts.DeleteGroup,
            [RedisKeys.GroupNameIndex(brandId), RedisKeys.GroupIds(brandId)],
            [RedisKeys.Brand(brandId), groupId]))!;
        return (string)result[0]! == "ok";
    }

    public async Task<Page<GroupRecord>> ListAsync(long brandId, long afterId, int pageSize)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(
            RedisKeys.GroupIds(brandId), afterId, double.PositiveInfinity, Exclude.Start, Order.Ascending, 0, pageSize + 1);
        var groups = await ReadGroupsAsync(brandId, ids.Take(pageSize).Select(id => (long)id));
        return new Page<GroupRecord>(groups, ids.Length > pageSize ? (long)ids[pageSize - 1] : null);
    }

    public async Task<(int Changed, long MemberCount)> ChangeMembersAsync(long brandId, long groupId, IReadOnlyList<long> customerIds, bool add)
    {
        var args = new List<RedisValue> { RedisKeys.Brand(brandId), groupId, add ? "add" : "remove" };
        args.AddRange(customerIds.Select(id => (RedisValue)id));
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(LuaScripts.ChangeGroupMembers, [RedisKeys.Group(brandId, groupId)], [.. args]))!;
        return (string)result[0]! switch
        {
            "ok" => ((int)result[1], (long)result[2]),
            "not_found" => throw Problems.NotFound("No such group in this brand."),
            "missing" => throw Problems.NotFound(
                "No such customers in this brand: " + string.Join(", ", result.Skip(1).Select(id => (string)id!))),
            var other => throw new InvalidOperationException($"Unexpected script result '{other}'."),
        };
    }

    public async Task<Page<long>?> ListMembersAsync(long brandId, long groupId, long afterId, int pageSize)
    {
        var batch = Db.CreateBatch();
        var exists = batch.KeyExistsAsync(RedisKeys.Group(brandId, groupId));
        var ids = batch.SortedSetRangeByScoreAsync(
            RedisKeys.GroupMembers(brandId, groupId), afterId, double.PositiveInfinity, Exclude.Start, Order.Ascending, 0, pageSize + 1);
        batch.Execute();
        if (!await exists)
        {
            return null;
        }

        var members = (await ids).Select(id => (long)id).ToList();
        return new Page<long>(members.Take(pageSize).ToList(), members.Count > pageSize ? members[pageSize - 1] : null);
    }

    public async Task<IReadOnlyList<GroupRecord>?> ListCustomerGroupsAsync(long brandId, long customerId)
    {
        var batch = Db.CreateBatch();
        var exists = batch.KeyExistsAsync(RedisKeys.Customer(brandId, customerId));
        var ids = batch.SetMembersAsync(RedisKeys.CustomerGroups(brandId, customerId));
        batch.Execute();
        if (!await exists)
        {
            return null;
        }

        return await ReadGroupsAsync(brandId, (await ids).Select(id => (long)id).Order());
    }

    private async Task<List<GroupRecord>> ReadGroupsAsync(long brandId, IEnumerable<long> ids)
    {
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => (
            Fields: batch.HashGetAsync(RedisKeys.Group(brandId, id), ["id", "name", "created"]),
            Count: batch.SortedSetLengthAsync(RedisKeys.GroupMembers(brandId, id)))).ToList();
        batch.Execute();
        var groups = new List<GroupRecord>(reads.Count);
        foreach (var (fields, count) in reads)
        {
            var values = await fields;
            if (values[0].IsNull)
            {
                continue;
            }

            groups.Add(new GroupRecord((long)values[0], (string)values[1]!, await count,
                DateTimeOffset.FromUnixTimeMilliseconds((long)values[2])));
        }

        return groups;
    }

    private static string NameKey(string name) => name.Trim().ToLowerInvariant();
}
