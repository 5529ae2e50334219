using Deployteq.Customers.Changes;
using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Streams;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.Customers.Tests;

// WatchCustomerChanges: every change of a brand, written in the same script as the change.
[Collection(CustomersCollection.Name)]
public sealed class ChangeFeedTests(CustomersFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_kind_of_change_comes_in_order_with_its_changed_fields_and_nothing_of_another_brand()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        using var watch = await WatchAsync(brand, new WatchCustomerChangesRequest { FromNow = new Empty() }, deadline.Token);

        var jane = await brand.CreateAsync("jane@example.com", "crm-1", new() { ["city"] = "Utrecht" });
        await other.CreateAsync("elsewhere@example.com");
        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = jane.Id, EmailAddress = "jane.doe@example.com", Fields = { ["city"] = "Delft" } },
            UpdateMask = FieldMask.FromString("email_address,fields.city"),
        });
        // Nothing changes: nothing on the feed.
        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = jane.Id, Fields = { ["city"] = "Delft" } },
            UpdateMask = FieldMask.FromString("fields.city"),
        });
        await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = jane.Id, Type = BounceType.Soft });
        using (var import = brand.Customers.ImportCustomers())
        {
            await import.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = "jane.doe@example.com", Fields = { ["tier"] = "gold" } });
            await import.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = "imported@example.com" });
            await import.RequestStream.CompleteAsync();
            await import;
        }

        await brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = jane.Id });

        var changes = await ReadChangesAsync(watch, 6, deadline.Token);
        var imported = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "imported@example.com" });
        Assert.Equal(
        [
            (jane.Id, CustomerChangeKind.Created, ""),
            (jane.Id, CustomerChangeKind.Updated, "email_address fields.city"),
            (jane.Id, CustomerChangeKind.Updated, "mailability.soft_bounce_count"),
            (jane.Id, CustomerChangeKind.Updated, "fields.tier"),
            (imported.Id, CustomerChangeKind.Created, ""),
            (jane.Id, CustomerChangeKind.Deleted, ""),
        ], changes.Select(item => (item.Change.CustomerId, item.Change.Kind, string.Join(' ', item.Change.ChangedFields))));
        Assert.All(changes.Take(5), item => Assert.Equal(brand.User.Id, item.Change.ApiUserId));
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeMilliseconds(), changes[0].Change.Time.ToDateTimeOffset().ToUnixTimeMilliseconds());
        var positions = changes.Select(item => StreamCursor.Parse(item.Cursor)).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Count, positions.Distinct().Count());
    }

    [Fact]
    public async Task A_watch_resumes_after_its_cursor_and_from_the_oldest_replays_what_is_kept()
    {
        var brand = await fixture.NewBrandAsync();
        var first = await brand.CreateAsync("first@example.com");
        var second = await brand.CreateAsync("second@example.com");
        var third = await brand.CreateAsync("third@example.com");
        using var deadline = new CancellationTokenSource(Deadline);

        using var oldest = await WatchAsync(brand, new WatchCustomerChangesRequest { FromOldest = new Empty() }, deadline.Token);
        var all = await ReadChangesAsync(oldest, 3, deadline.Token);
        using var resumed = await WatchAsync(brand, new WatchCustomerChangesRequest { AfterCursor = all[0].Cursor }, deadline.Token);
        var rest = await ReadChangesAsync(resumed, 2, deadline.Token);

        Assert.Equal([first.Id, second.Id, third.Id], all.Select(item => item.Change.CustomerId));
        Assert.Equal([second.Id, third.Id], rest.Select(item => item.Change.CustomerId));
        Assert.Equal(all.Skip(1).Select(item => item.Cursor), rest.Select(item => item.Cursor));
    }

    [Fact]
    public async Task An_idle_watch_gets_progress_items_at_its_position()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("before@example.com");
        using var deadline = new CancellationTokenSource(Deadline);
        using var watch = await WatchAsync(brand, new WatchCustomerChangesRequest { FromOldest = new Empty() }, deadline.Token);

        var created = await ReadChangesAsync(watch, 1, deadline.Token);
        var progress = new List<string>();
        while (progress.Count < 2 && await watch.ResponseStream.MoveNext(deadline.Token))
        {
            Assert.Null(watch.ResponseStream.Current.Change);
            progress.Add(watch.ResponseStream.Current.Cursor);
        }

        Assert.All(progress, cursor => Assert.Equal(created[0].Cursor, cursor));
    }

    [Fact]
    public async Task A_start_that_retention_trimmed_is_out_of_range()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("old@example.com");
        using var deadline = new CancellationTokenSource(Deadline);
        using (var oldest = await WatchAsync(brand, new WatchCustomerChangesRequest { FromOldest = new Empty() }, deadline.Token))
        {
            Assert.Single(await ReadChangesAsync(oldest, 1, deadline.Token));
        }

        // The next change of the brand trims what retention let go.
        fixture.Clock.Advance(new ChangeFeedOptions().Retention + TimeSpan.FromMinutes(1));
        var kept = await brand.CreateAsync("new@example.com");

        using var late = brand.Customers.WatchCustomerChanges(new WatchCustomerChangesRequest { AfterCursor = "0-0" }, cancellationToken: deadline.Token);
        var error = await Assert.ThrowsAsync<RpcException>(() => late.ResponseStream.MoveNext(deadline.Token));
        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        using var fromOldest = await WatchAsync(brand, new WatchCustomerChangesRequest { FromOldest = new Empty() }, deadline.Token);
        Assert.Equal(kept.Id, (await ReadChangesAsync(fromOldest, 1, deadline.Token))[0].Change.CustomerId);
    }

    [Fact]
    public async Task A_watcher_whose_next_position_is_trimmed_while_it_follows_ends_out_of_range()
    {
        var brand = await fixture.NewBrandAsync();
        // More than one page of the follower (500), so that it must read again after the trim.
        using (var import = brand.Customers.ImportCustomers())
        {
            for (var i = 0; i < 600; i++)
            {
                await import.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = $"page{i}@example.com" });
            }

            await import.RequestStream.CompleteAsync();
            await import;
        }

        var follower = fixture.Factory.Services.GetRequiredService<ChangeFollower>();
        using var deadline = new CancellationTokenSource(Deadline);
        var firstChange = new TaskCompletionSource();
        var trimmed = new TaskCompletionSource();
        var delivered = 0;
        var following = follower.FollowAsync(brand.Id, StreamCursor.Zero, async (_, change) =>
        {
            if (change is null)
            {
                return;
            }

            // A slow watcher: held at its first change while retention trims the rest.
            delivered++;
            firstChange.TrySetResult();
            await trimmed.Task.WaitAsync(deadline.Token);
        }, deadline.Token);
        await firstChange.Task.WaitAsync(deadline.Token);
        fixture.Clock.Advance(new ChangeFeedOptions().Retention + TimeSpan.FromMinutes(1));
        await brand.CreateAsync("trims@example.com");
        trimmed.SetResult();

        var error = await Assert.ThrowsAsync<RpcException>(() => following);
        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        // The page read before the trim was handed on whole, and nothing after it.
        Assert.Equal(500, delivered);
    }

    [Fact]
    public async Task A_watch_ends_unauthenticated_once_its_token_is_revoked()
    {
        var brand = await fixture.NewBrandAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        using var watch = await WatchAsync(brand, new WatchCustomerChangesRequest { FromNow = new Empty() }, deadline.Token);

        await fixture.AdminClient.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await watch.ResponseStream.MoveNext(deadline.Token))
            {
            }
        });
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_watch_needs_a_start_a_cursor_it_can_read_and_the_customers_scope()
    {
        var brand = await fixture.NewBrandAsync();
        var reader = await fixture.NewBrandAsync(Scopes.EventsRead);
        using var deadline = new CancellationTokenSource(Deadline);

        foreach (var (request, field) in new[]
                 {
                     (new WatchCustomerChangesRequest(), "start"),
                     (new WatchCustomerChangesRequest { AfterCursor = "yesterday" }, "after_cursor"),
                     (new WatchCustomerChangesRequest { AfterCursor = "1-" + new string('1', 63) }, "after_cursor"),
                 })
        {
            using var call = brand.Customers.WatchCustomerChanges(request, cancellationToken: deadline.Token);
            await GrpcStatusAssert.InvalidArgumentAsync(() => call.ResponseStream.MoveNext(deadline.Token), field);
        }

        using var denied = reader.Customers.WatchCustomerChanges(new WatchCustomerChangesRequest { FromNow = new Empty() }, cancellationToken: deadline.Token);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () => denied.ResponseStream.MoveNext(deadline.Token));
    }

    [Fact]
    public async Task A_watch_cursor_is_a_stream_cursor_two_unsigned_64_bit_numbers_in_at_most_41_characters()
    {
        var brand = await fixture.NewBrandAsync();
        using var deadline = new CancellationTokenSource(Deadline);

        // 42 characters, though the number in them is small.
        using var tooLong = brand.Customers.WatchCustomerChanges(
            new WatchCustomerChangesRequest { AfterCursor = new string('0', 39) + "1-0" }, cancellationToken: deadline.Token);
        await GrpcStatusAssert.InvalidArgumentAsync(() => tooLong.ResponseStream.MoveNext(deadline.Token), "after_cursor");

        // The cursor right before a millisecond's first position, as a progress item may carry it.
        using var largest = brand.Customers.WatchCustomerChanges(
            new WatchCustomerChangesRequest { AfterCursor = "1-18446744073709551615" }, cancellationToken: deadline.Token);
        Assert.True(await largest.ResponseStream.MoveNext(deadline.Token));
        Assert.Equal("1-18446744073709551615", largest.ResponseStream.Current.Cursor);
    }

    private static async Task<AsyncServerStreamingCall<WatchCustomerChangesResponse>> WatchAsync(
        TestBrand brand, WatchCustomerChangesRequest request, CancellationToken cancellationToken)
    {
        var call = brand.Customers.WatchCustomerChanges(request, cancellationToken: cancellationToken);
        // Headers come once the start is fixed.
        await call.ResponseHeadersAsync;
        return call;
    }

    // The next `count` changes, progress items skipped.
    private static async Task<List<WatchCustomerChangesResponse>> ReadChangesAsync(
        AsyncServerStreamingCall<WatchCustomerChangesResponse> call, int count, CancellationToken cancellationToken)
    {
        var changes = new List<WatchCustomerChangesResponse>();
        while (changes.Count < count)
        {
            Assert.True(await call.ResponseStream.MoveNext(cancellationToken), "The watch ended.");
            if (call.ResponseStream.Current.Change is not null)
            {
                changes.Add(call.ResponseStream.Current);
            }
        }

        return changes;
    }
}
