using Deployteq.Customers.V1;
using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using ModulesClient = Deployteq.DataModel.V1.Modules.ModulesClient;
using RecordsClient = Deployteq.DataModel.V1.Records.RecordsClient;

namespace Deployteq.DataModel.Tests;

public sealed class TestBrand(DataModelFixture fixture, Brand brand, ApiUser user, string token)
{
    public long Id => brand.Id;

    public Brand Brand => brand;

    public ApiUser User => user;

    public string Token => token;

    public ModulesClient Modules => new(fixture.DataModel.Channel.WithBearer(token));

    public RecordsClient Records => new(fixture.DataModel.Channel.WithBearer(token));

    public CustomersClient Customers => new(fixture.CustomersChannel.WithBearer(token));

    public ModulesClient ModulesWith(string otherToken) => new(fixture.DataModel.Channel.WithBearer(otherToken));

    public RecordsClient RecordsWith(string otherToken) => new(fixture.DataModel.Channel.WithBearer(otherToken));

    public async Task<long> CreateCustomerAsync(string? email = null) =>
        (await Customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = email ?? $"c{Guid.NewGuid():N}@example.com" })).Id;

    public Task DeleteCustomerAsync(long customerId) =>
        Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = customerId }).ResponseAsync;

    public async Task<Module> CreateOrdersAsync(string name = "") =>
        await Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders, Name = name });

    public static Record Order(long customerId, string number, string total = "19.99", string? status = null)
    {
        var record = new Record
        {
            CustomerId = customerId,
            Values =
            {
                ["order_number"] = new Value { StringValue = number },
                ["order_date"] = new Value { DateTimeValue = Timestamp.FromDateTime(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc)) },
                ["total"] = new Value { DecimalValue = total },
                ["currency"] = new Value { StringValue = "EUR" },
            },
        };
        if (status is not null)
        {
            record.Values["status"] = new Value { StringValue = status };
        }

        return record;
    }

    public async Task<Record> UpsertOrderAsync(long customerId, string number, string total = "19.99", string? status = null) =>
        await Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = Order(customerId, number, total, status) });

    // A REST call with this brand's token (or another, or none).
    public Task<RestAnswer> RestAsync(HttpMethod method, string path, string? json = null) => RestAsync(method, path, json, token);

    public Task<RestAnswer> RestAsync(HttpMethod method, string path, string? json, string? bearer) =>
        fixture.DataModel.Http.RestAsync(method, path, json, bearer);

    // Every key of the brand with its dumped value: equal snapshots mean nothing changed.
    public async Task<IReadOnlyDictionary<string, string>> SnapshotAsync()
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in fixture.Redis.KeysAsync($"dm:{{b{Id}}}:*"))
        {
            var value = await fixture.Redis.Database.KeyDumpAsync(key);
            snapshot[key!] = value is null ? "" : Convert.ToBase64String(value);
        }

        return snapshot;
    }

    public async Task<IReadOnlyList<string>> KeysAsync(string pattern)
    {
        var keys = new List<string>();
        await foreach (var key in fixture.Redis.KeysAsync($"dm:{{b{Id}}}:{pattern}"))
        {
            keys.Add(key!);
        }

        return keys;
    }
}
