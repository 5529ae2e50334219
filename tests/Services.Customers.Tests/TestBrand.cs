using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using StackExchange.Redis;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using GroupsClient = Deployteq.Customers.V1.Groups.GroupsClient;
using MailabilityClient = Deployteq.Customers.V1.Mailability.MailabilityClient;

namespace Deployteq.Customers.Tests;

public sealed class TestBrand(CustomersFixture fixture, Brand brand, ApiUser user, string token, long tokenId)
{
    public long Id => brand.Id;

    public Brand Brand => brand;

    public ApiUser User => user;

    public string Token => token;

    public long TokenId => tokenId;

    public CustomersClient Customers => new(fixture.Invoker(token));

    public GroupsClient Groups => new(fixture.Invoker(token));

    public MailabilityClient Mailability => new(fixture.Invoker(token));

    public Task<Customer> CreateAsync(string email, string externalId = "", Dictionary<string, string>? fields = null) =>
        Customers.CreateCustomerAsync(new CreateCustomerRequest
        {
            EmailAddress = email,
            ExternalId = externalId,
            Fields = { fields ?? [] },
        }).ResponseAsync;

    // A REST call with this brand's token.
    public Task<RestAnswer> RestAsync(HttpMethod method, string path, string? json = null) =>
        fixture.Rest.RestAsync(method, path, json, token);

    // Every key of the brand with its serialized value: equal snapshots mean nothing changed.
    public async Task<IReadOnlyDictionary<string, string>> SnapshotAsync()
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in fixture.Redis.KeysAsync($"cust:{{b{Id}}}:*"))
        {
            var value = await fixture.Redis.Database.KeyDumpAsync(key);
            snapshot[key!] = value is null ? "" : Convert.ToBase64String(value);
        }

        return snapshot;
    }
}
