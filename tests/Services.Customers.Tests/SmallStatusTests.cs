using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using GroupsClient = Deployteq.Customers.V1.Groups.GroupsClient;

namespace Deployteq.Customers.Tests;

// A status travels in HTTP/2 headers, and a .NET client refuses headers past 64 KB with
// UNAVAILABLE (retry!). So a refused call answers INVALID_ARGUMENT with a small status however big
// its input was: over a real connection, where that limit applies.
[Collection(CustomersCollection.Name)]
public sealed class SmallStatusTests(CustomersFixture fixture) : IAsyncLifetime
{
    private const int OneMegabyte = 1 << 20;

    // Far below what breaks a client; a status names fields, it does not repeat the input.
    private const int MaxStatusBytes = 8 * 1024;

    private ServiceFactory<CustomersService> _factory = null!;
    private GrpcChannel _channel = null!;

    public Task InitializeAsync()
    {
        _factory = new ServiceFactory<CustomersService>(fixture.Redis.ConnectionString);
        _channel = GrpcChannel.ForAddress(_factory.StartOnSockets());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_one_megabyte_custom_field_name_gets_a_small_invalid_argument()
    {
        var brand = await fixture.NewBrandAsync();
        var customers = new CustomersClient(_channel.WithBearer(brand.Token));
        var name = new string('n', OneMegabyte);

        var error = await GrpcStatusAssert.InvalidArgumentAsync(() => customers.CreateCustomerAsync(new CreateCustomerRequest
        {
            EmailAddress = "big@example.com",
            Fields = { [name] = "v" },
        }).ResponseAsync, $"fields.{name[..64]}…");

        AssertSmall(error);
    }

    [Fact]
    public async Task A_one_megabyte_update_mask_path_gets_a_small_invalid_argument()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("mask@example.com");
        var customers = new CustomersClient(_channel.WithBearer(brand.Token));

        var error = await GrpcStatusAssert.InvalidArgumentAsync(() => customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = customer.Id },
            UpdateMask = new FieldMask { Paths = { "fields." + new string('p', OneMegabyte) } },
        }).ResponseAsync, "update_mask");

        AssertSmall(error);
    }

    [Fact]
    public async Task A_thousand_bad_ids_get_a_small_status_that_counts_what_it_does_not_list()
    {
        var brand = await fixture.NewBrandAsync();
        var groups = new GroupsClient(_channel.WithBearer(brand.Token));

        var error = await GrpcStatusAssert.InvalidArgumentAsync(() => groups.AddGroupMembersAsync(new GroupMembersRequest
        {
            GroupId = 1,
            CustomerIds = { Enumerable.Repeat(-1L, 1000) },
        }).ResponseAsync, "customer_ids[0]");

        AssertSmall(error);
        // 19 listed, and the 20th entry of the detail counts the rest, as in every service.
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(Problems.MaxListedViolations, violations.Count);
        Assert.Equal("customer_ids[19]", violations[^1].Field);
        Assert.Equal("and 981 more problems are not listed", violations[^1].Description);
        Assert.Contains("and 981 more problems are not listed", error.Status.Detail);
    }

    private static void AssertSmall(RpcException error)
    {
        var bytes = error.Trailers.Sum(entry => entry.Key.Length + (entry.IsBinary ? entry.ValueBytes.Length : entry.Value.Length))
            + error.Status.Detail.Length;
        Assert.True(bytes < MaxStatusBytes, $"The status takes {bytes} bytes.");
    }
}
