using Deployteq.DataModel.Model;
using Deployteq.ServiceDefaults.Errors;
using StackExchange.Redis;

namespace Deployteq.DataModel.Storage;

public sealed class RedisModuleStore(IConnectionMultiplexer redis, TimeProvider clock) : IModuleStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> CreateAsync(long brandId, string name, string keyField, IReadOnlyList<FieldSpec> fields)
    {
        // Listed before the module exists (a separate slot on a cluster, so not in the script):
        // a crash in between leaves a listed brand without modules, which costs one idle feed,
        // never a brand with modules that nobody follows.
        await Db.SetAddAsync(DataModelKeys.Brands, brandId);
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            DataModelScripts.CreateModule,
            [DataModelKeys.Modules(brandId), DataModelKeys.Module(brandId, name)],
            [name, ModuleJson.Write(keyField, fields), Now(), Limits.MaxModulesPerBrand]))!;
        return (string)result[0]! switch
        {
            "ok" => true,
            "exists" => false,
            "too_many" => throw Problems.FailedPrecondition($"The brand has {Limits.MaxModulesPerBrand} modules, the most it may have."),
            var other => throw new InvalidOperationException($"Unexpected script result '{other}'."),
        };
    }

    public async Task<IReadOnlyList<long>> BrandsWithModulesAsync() =>
        (await Db.SetMembersAsync(DataModelKeys.Brands)).Select(brand => (long)brand).ToList();

    public async Task<ModuleDefinition?> GetAsync(long brandId, string name)
    {
        var batch = Db.CreateBatch();
        var module = batch.HashGetAllAsync(DataModelKeys.Module(brandId, name));
        var count = batch.HashGetAsync(DataModelKeys.Usage(brandId, name), "#");
        batch.Execute();
        return Read(name, await module, await count);
    }

    public async Task<(IReadOnlyList<ModuleDefinition> Items, string? Next)> ListAsync(long brandId, string afterName, int pageSize)
    {
        var names = await Db.SortedSetRangeByValueAsync(
            DataModelKeys.Modules(brandId), afterName.Length == 0 ? default : afterName, default, Exclude.Start, Order.Ascending, 0, pageSize + 1);
        var batch = Db.CreateBatch();
        var reads = names.Take(pageSize).Select(name => (
            Name: (string)name!,
            Module: batch.HashGetAllAsync(DataModelKeys.Module(brandId, name!)),
            Count: batch.HashGetAsync(DataModelKeys.Usage(brandId, name!), "#"))).ToList();
        batch.Execute();
        var modules = new List<ModuleDefinition>(reads.Count);
        foreach (var read in reads)
        {
            if (Read(read.Name, await read.Module, await read.Count) is { } module)
            {
                modules.Add(module);
            }
        }

        return (modules, names.Length > pageSize ? (string)names[pageSize - 1]! : null);
    }

    public async Task<ModuleChangeResult> ChangeAsync(
        long brandId, ModuleDefinition current, IReadOnlyList<FieldSpec> fields, IReadOnlyList<ModuleChangeCheck> checks)
    {
        var args = new List<RedisValue> { current.Version, ModuleJson.Write(current.KeyField, fields), Now() };
        foreach (var check in checks)
        {
            args.Add(check.Kind switch
            {
                ModuleChangeCheckKind.FieldUnused => "unused",
                ModuleChangeCheckKind.FieldComplete => "complete",
                _ => "empty",
            });
            args.Add(check.Field);
        }

        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            DataModelScripts.ChangeModule,
            [DataModelKeys.Module(brandId, current.Name), DataModelKeys.Usage(brandId, current.Name)],
            [.. args]))!;
        return (string)result[0]! switch
        {
            "ok" => new ModuleChangeResult(true, false, false, null, 0, 0),
            "not_found" => new ModuleChangeResult(false, true, false, null, 0, 0),
            "changed" => new ModuleChangeResult(false, false, true, null, 0, 0),
            "failed" => new ModuleChangeResult(false, false, false,
                checks.First(c => c.Field == (string)result[2]! && CheckName(c.Kind) == (string)result[1]!),
                (long)result[3], (long)result[4]),
            var other => throw new InvalidOperationException($"Unexpected script result '{other}'."),
        };
    }

    private static string CheckName(ModuleChangeCheckKind kind) => kind switch
    {
        ModuleChangeCheckKind.FieldUnused => "unused",
        ModuleChangeCheckKind.FieldComplete => "complete",
        _ => "empty",
    };

    private static ModuleDefinition? Read(string name, HashEntry[] entries, RedisValue recordCount)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var hash = entries.ToDictionary(entry => (string)entry.Name!, entry => entry.Value);
        var (keyField, fields) = ModuleJson.Read((string)hash["def"]!);
        return new ModuleDefinition(
            name, fields, keyField, (long)hash["ver"],
            recordCount.IsNull ? 0 : (long)recordCount,
            DateTimeOffset.FromUnixTimeMilliseconds((long)hash["created"]),
            DateTimeOffset.FromUnixTimeMilliseconds((long)hash["updated"]));
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
