using Deployteq.Customers.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class UniquenessTests(CustomersFixture fixture)
{
    [Fact]
    public async Task Concurrent_creates_with_one_email_leave_one_customer_and_already_exists_for_the_rest()
    {
        var brand = await fixture.NewBrandAsync();

        var attempts = Enumerable.Range(0, 20).Select(i => Outcome(brand.CreateAsync(i % 2 == 0 ? "race@example.com" : "RACE@example.com"))).ToList();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, status => status == StatusCode.OK);
        Assert.Equal(19, outcomes.Count(status => status == StatusCode.AlreadyExists));
        var list = await brand.Customers.ListCustomersAsync(new ListCustomersRequest());
        Assert.Single(list.Customers);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_external_id_leave_one_customer()
    {
        var brand = await fixture.NewBrandAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Outcome(brand.CreateAsync($"u{i}@example.com", "same-ext"))));

        Assert.Single(outcomes, status => status == StatusCode.OK);
        Assert.Equal(9, outcomes.Count(status => status == StatusCode.AlreadyExists));
    }

    [Fact]
    public async Task Concurrent_email_changes_to_one_address_let_exactly_one_win()
    {
        var brand = await fixture.NewBrandAsync();
        var customers = new List<Customer>();
        for (var i = 0; i < 10; i++)
        {
            customers.Add(await brand.CreateAsync($"c{i}@example.com"));
        }

        var outcomes = await Task.WhenAll(customers.Select(customer => Outcome(brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = customer.Id, EmailAddress = "wanted@example.com" },
            UpdateMask = new FieldMask { Paths = { "email_address" } },
        }).ResponseAsync)));

        Assert.Single(outcomes, status => status == StatusCode.OK);
        var winner = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "wanted@example.com" });
        // Every loser still has, and is still found by, its old address.
        foreach (var customer in customers.Where(c => c.Id != winner.Id))
        {
            var found = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = customer.EmailAddress });
            Assert.Equal(customer.Id, found.Id);
        }
    }

    [Fact]
    public async Task Taking_an_address_of_another_customer_is_already_exists_and_changes_nothing()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("taken@example.com");
        var other = await brand.CreateAsync("mine@example.com", "ext-9");
        var before = await brand.SnapshotAsync();

        var status = await Outcome(brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = other.Id, EmailAddress = "Taken@Example.com", ExternalId = "new-ext" },
            UpdateMask = new FieldMask { Paths = { "external_id", "email_address" } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, status);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    private static async Task<StatusCode> Outcome<T>(Task<T> call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }
}
