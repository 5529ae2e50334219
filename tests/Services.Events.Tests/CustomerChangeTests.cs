using System.Diagnostics;
using Deployteq.Customers.V1;
using Deployteq.Events.Enrichment;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Deployteq.Events.Tests;

// Customers are kept for minutes here: what makes an emit see a change is Customers' change feed,
// not a short cache lifetime.
public sealed class CustomerChangeFixture : EventsFixture
{
    protected override IDictionary<string, string?> EventsSettings => new Dictionary<string, string?>
    {
        ["Events:CustomerCacheLifetime"] = "00:10:00",
    };
}

// Events keeps the customers it enriches with, and drops one the moment Customers' change feed
// says it changed or went.
public sealed class CustomerChangeTests(CustomerChangeFixture fixture, ITestOutputHelper output) : IClassFixture<CustomerChangeFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private const string BatchGetPath = "/deployteq.customers.v1.Customers/BatchGetCustomers";

    [Fact]
    public async Task An_emit_right_after_an_email_change_carries_the_new_address()
    {
        var (brand, customer) = await KeptCustomerAsync("before@example.com");

        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = customer.Id, EmailAddress = "after@example.com" },
            UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("email_address"),
        });

        var clock = Stopwatch.StartNew();
        var attempts = 0;
        await Poll.UntilAsync(async () =>
            {
                attempts++;
                return (await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId())).Activity.CustomerEmailAddress;
            },
            address => address == "after@example.com", "an emit carried the new address", Deadline, TimeSpan.Zero);
        output.WriteLine($"the new address came on emit {attempts}, {clock.Elapsed.TotalMilliseconds:F0} ms after the change");
    }

    [Fact]
    public async Task An_emit_right_after_a_delete_is_not_found()
    {
        var (brand, customer) = await KeptCustomerAsync("deleted@example.com");

        await brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = customer.Id });

        var clock = Stopwatch.StartNew();
        var attempts = 0;
        var refused = await Poll.UntilFoundAsync(async () =>
        {
            attempts++;
            try
            {
                // A broadcast: nothing but the kept customer can refuse it (an open would also
                // record an engagement, which Customers refuses for a deleted customer).
                await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
                return null;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                return exception;
            }
        }, "an emit for the deleted customer was NOT_FOUND", Deadline, TimeSpan.Zero);
        output.WriteLine($"NOT_FOUND came on emit {attempts}, {clock.Elapsed.TotalMilliseconds:F0} ms after the delete");
        Assert.Contains("customer_id", refused.Status.Detail);
    }

    // A customer that Events keeps: emits for it no longer ask Customers.
    private async Task<(TestBrand Brand, Customer Customer)> KeptCustomerAsync(string email)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync(email);
        await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
        var changes = fixture.Events.Services.GetRequiredService<CustomerChangeWatch>();
        await Poll.UntilAsync(() => changes.IsLive(brand.Id), "Events heard the brand's change feed", Deadline, TimeSpan.FromMilliseconds(20));

        await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
        var calls = await fixture.CustomersCalls.DuringAsync(() => brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId()));
        Assert.DoesNotContain(calls, call => call.Path == BatchGetPath);
        return (brand, customer);
    }
}
