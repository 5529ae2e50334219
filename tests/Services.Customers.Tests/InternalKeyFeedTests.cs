using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using GroupsClient = Deployteq.Customers.V1.Groups.GroupsClient;
using MailabilityClient = Deployteq.Customers.V1.Mailability.MailabilityClient;

namespace Deployteq.Customers.Tests;

// The internal key opens one brand's change feed (WatchCustomerChanges with brand_id), for a
// service that follows it with no caller, and nothing else of Customers: no customer's data.
[Collection(CustomersCollection.Name)]
public sealed class InternalKeyFeedTests(CustomersFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private CustomersClient Internal => new(fixture.Invoker(ServiceFactory<Grpc.CustomersService>.InternalKey));

    [Fact]
    public async Task The_internal_key_watches_the_brand_it_names_and_no_other()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        using var watch = Internal.WatchCustomerChanges(
            new WatchCustomerChangesRequest { FromNow = new Empty(), BrandId = brand.Id }, cancellationToken: deadline.Token);
        await watch.ResponseHeadersAsync;

        await other.CreateAsync("elsewhere@example.com");
        var jane = await brand.CreateAsync("jane@example.com");
        await brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = jane.Id });

        var changes = new List<CustomerChangeEvent>();
        while (changes.Count < 2)
        {
            Assert.True(await watch.ResponseStream.MoveNext(deadline.Token), "The watch ended.");
            if (watch.ResponseStream.Current.Change is { } change)
            {
                changes.Add(change);
            }
        }

        Assert.Equal(
            [(jane.Id, CustomerChangeKind.Created), (jane.Id, CustomerChangeKind.Deleted)],
            changes.Select(change => (change.CustomerId, change.Kind)));
    }

    [Fact]
    public async Task The_internal_key_must_name_a_brand_that_exists_and_a_token_can_name_only_its_own()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        using var deadline = new CancellationTokenSource(Deadline);

        using (var unnamed = Internal.WatchCustomerChanges(new WatchCustomerChangesRequest { FromNow = new Empty() }, cancellationToken: deadline.Token))
        {
            await GrpcStatusAssert.InvalidArgumentAsync(() => unnamed.ResponseStream.MoveNext(deadline.Token), "brand_id");
        }

        using (var unknown = Internal.WatchCustomerChanges(
                   new WatchCustomerChangesRequest { FromNow = new Empty(), BrandId = other.Id + 1_000_000 }, cancellationToken: deadline.Token))
        {
            await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => unknown.ResponseStream.MoveNext(deadline.Token));
        }

        using (var elsewhere = brand.Customers.WatchCustomerChanges(
                   new WatchCustomerChangesRequest { FromNow = new Empty(), BrandId = other.Id }, cancellationToken: deadline.Token))
        {
            await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () => elsewhere.ResponseStream.MoveNext(deadline.Token));
        }

        using (var negative = brand.Customers.WatchCustomerChanges(
                   new WatchCustomerChangesRequest { FromNow = new Empty(), BrandId = -1 }, cancellationToken: deadline.Token))
        {
            await GrpcStatusAssert.InvalidArgumentAsync(() => negative.ResponseStream.MoveNext(deadline.Token), "brand_id");
        }

        using (var wrongKey = new CustomersClient(fixture.Invoker("not-the-internal-key")).WatchCustomerChanges(
                   new WatchCustomerChangesRequest { FromNow = new Empty(), BrandId = brand.Id }, cancellationToken: deadline.Token))
        {
            await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => wrongKey.ResponseStream.MoveNext(deadline.Token));
        }

        using var own = brand.Customers.WatchCustomerChanges(
            new WatchCustomerChangesRequest { FromNow = new Empty(), BrandId = brand.Id }, cancellationToken: deadline.Token);
        Assert.True(await own.ResponseStream.MoveNext(deadline.Token));
    }

    [Fact]
    public async Task The_internal_key_reads_no_customer_data()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateAsync("jane@example.com", "crm-1");
        var key = fixture.Invoker(ServiceFactory<Grpc.CustomersService>.InternalKey);
        var customers = new CustomersClient(key);
        var reads = new Func<Task>[]
        {
            () => customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = jane.Id }).ResponseAsync,
            () => customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "jane@example.com" }).ResponseAsync,
            () => customers.GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest { ExternalId = "crm-1" }).ResponseAsync,
            () => customers.BatchGetCustomersAsync(new BatchGetCustomersRequest { CustomerIds = { jane.Id } }).ResponseAsync,
            () => customers.ListCustomersAsync(new ListCustomersRequest()).ResponseAsync,
            () => customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = jane.Id }).ResponseAsync,
            () => new GroupsClient(key).ListCustomerGroupsAsync(new ListCustomerGroupsRequest { CustomerId = jane.Id }).ResponseAsync,
            () => new MailabilityClient(key).GetMailabilityAsync(new CustomerRef { CustomerId = jane.Id }).ResponseAsync,
            () => new Identity.IdentityClient(key).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync,
        };

        foreach (var read in reads)
        {
            await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, read);
        }

        // The key works (the feed takes it), so the refusals above are about the methods.
        using var deadline = new CancellationTokenSource(Deadline);
        using var watch = customers.WatchCustomerChanges(
            new WatchCustomerChangesRequest { FromOldest = new Empty(), BrandId = brand.Id }, cancellationToken: deadline.Token);
        do
        {
            Assert.True(await watch.ResponseStream.MoveNext(deadline.Token), "The watch ended.");
        }
        while (watch.ResponseStream.Current.Change is null);

        Assert.Equal((jane.Id, CustomerChangeKind.Created), (watch.ResponseStream.Current.Change.CustomerId, watch.ResponseStream.Current.Change.Kind));
    }

    [Fact]
    public void Only_the_change_feed_admits_the_internal_key_in_place_of_a_token()
    {
        var admitting = GrpcEndpointAudit.Methods(fixture.Factory.Services)
            .Where(method => method.AdmitsInternalKey)
            .Select(method => $"{method.Service}/{method.Name}");

        Assert.Equal(
            ["deployteq.customers.v1.Customers/AcknowledgeCustomerChanges", "deployteq.customers.v1.Customers/WatchCustomerChanges"],
            admitting.Order());
    }
}
