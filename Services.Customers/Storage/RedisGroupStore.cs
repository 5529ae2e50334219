using Deployteq.ServiceDefaults.Paging;
using System.Text.Json;
using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Errors;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

// Groups in Redis: one records hash per brand, and memberships in two sets ordered by member
// (`<group>:<customer>` and `<customer>:<group>`), so that every script names its keys up front.
public sealed class RedisGroupStore(IConnectionMultiplexer redis, TimeProvider clock) : IGroupStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<GroupRecord> CreateAsync(long brandId, string name)
    {
        var now = clock.GetUtcNow();
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            CustomersScripts.CreateGroup,
            [CustomersKeys.GroupSequence(brandId), CustomersKeys.GroupNameIndex(brandId), CustomersKeys.GroupIds(brandId), CustomersKeys.GroupRecords(brandId)],
            [now.ToUnixTimeMilliseconds(), name, NameKey(name), Limits.MaxGroupsPerBrand]))!;
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
            CustomersScripts.DeleteGroup,
            [
                CustomersKeys.GroupNameIndex(brandId), CustomersKeys.GroupIds(brandId), CustomersKeys.GroupRecords(brandId),
                CustomersKeys.Memberships(brandId), CustomersKeys.Members(brandId),
            ],
            [CustomersKeys.Padded(groupId), groupId]))!;
        return (string)result[0]! == "ok";
    }

    public async Task<Page<GroupRecord>> ListAsync(long brandId, long afterId, int pageSize)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(
            CustomersKeys.GroupIds(brandId), afterId, double.PositiveInfinity, Exclude.Start, Order.Ascending, 0, pageSize + 1);
        var groups = await ReadGroupsAsync(brandId, ids.Take(pageSize).Select(id => (long)id).ToList());
        return new Page<GroupRecord>(groups, ids.Length > pageSize ? (long)ids[pageSize - 1] : null);
    }

    public async Task<(int Changed, long MemberCount)> ChangeMembersAsync(long brandId, long groupId, IReadOnlyList<long> customerIds, bool add)
    {
        var args = new List<RedisValue>(3 + customerIds.Count * 2) { groupId, CustomersKeys.Padded(groupId), add ? "add" : "remove" };
        foreach (var id in customerIds)
        {
            args.Add(id);
            args.Add(CustomersKeys.Padded(id));
        }

        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            CustomersScripts.ChangeGroupMembers,
            [CustomersKeys.GroupRecords(brandId), CustomersKeys.CustomerRecords(brandId), CustomersKeys.Memberships(brandId), CustomersKeys.Members(brandId)],
            [.. args]))!;
        return (string)result[0]! switch
        {
            "ok" => ((int)result[1], (long)result[2]),
            "not_found" => throw Problems.NotFound("No such group in this brand."),
            "missing" => throw Problems.NotFound(
                "No such customers in this brand: " + string.Join(", ", result.Skip(1).Take(Problems.MaxListedViolations).Select(id => (string)id!))),
            var other => throw new InvalidOperationException($"Unexpected script result '{other}'."),
        };
    }

    public async Task<Page<long>?> ListMembersAsync(long brandId, long groupId, long afterId, int pageSize)
    {
        var group = CustomersKeys.Padded(groupId);
        var batch = Db.CreateBatch();
        var exists = batch.HashExistsAsync(CustomersKeys.GroupRecords(brandId), groupId);
        var members = batch.SortedSetRangeByValueAsync(
            CustomersKeys.Members(brandId), group + ":" + CustomersKeys.Padded(afterId), group + ";", Exclude.Both, Order.Ascending, 0, pageSize + 1);
        batch.Execute();
        if (!await exists)
        {
            return null;
        }

        var ids = (await members).Select(member => OtherId((string)member!)).ToList();
        return new Page<long>(ids.Take(pageSize).ToList(), ids.Count > pageSize ? ids[pageSize - 1] : null);
    }

    public async Task<IReadOnlyList<GroupRecord>?> ListCustomerGroupsAsync(long brandId, long customerId)
    {
        var customer = CustomersKeys.Padded(customerId);
        var batch = Db.CreateBatch();
        var exists = batch.HashExistsAsync(CustomersKeys.CustomerRecords(brandId), customerId);
        var memberships = batch.SortedSetRangeByValueAsync(CustomersKeys.Memberships(brandId), customer + ":", customer + ";", Exclude.Stop);
        batch.Execute();
        if (!await exists)
        {
            return null;
        }

        return await ReadGroupsAsync(brandId, (await memberships).Select(member => OtherId((string)member!)).ToList());
    }

    private async Task<List<GroupRecord>> ReadGroupsAsync(long brandId, IReadOnlyList<long> ids)
    {
        var batch = Db.CreateBatch();
        var records = ids.Count == 0
            ? Task.FromResult(Array.Empty<RedisValue>())
            : batch.HashGetAsync(CustomersKeys.GroupRecords(brandId), ids.Select(id => (RedisValue)id).ToArray());
        var counts = ids.Select(id =>
        {
            var group = CustomersKeys.Padded(id);
            return batch.SortedSetLengthByValueAsync(CustomersKeys.Members(brandId), group + ":", group + ";", Exclude.Stop);
        }).ToList();
        batch.Execute();
        var found = await records;
        var groups = new List<GroupRecord>(ids.Count);
        for (var index = 0; index < ids.Count; index++)
        {
            if (found[index].IsNull)
            {
                continue;
            }

            using var json = JsonDocument.Parse((string)found[index]!);
            groups.Add(new GroupRecord(
                ids[index],
                json.RootElement.GetProperty("name").GetString() ?? "",
                await counts[index],
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(json.RootElement.GetProperty("created").GetString()!))));
        }

        return groups;
    }

    // The second id of a membership member `<id>:<id>`.
    private static long OtherId(string member) => long.Parse(member.AsSpan(member.IndexOf(':') + 1));

    private static string NameKey(string name) => name.Trim().ToLowerInvariant();
}
