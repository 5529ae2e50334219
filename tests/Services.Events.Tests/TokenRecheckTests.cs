using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Events.Tests;

public sealed class QuickTokenRecheckFixture : EventsFixture
{
    protected override IDictionary<string, string?> EventsSettings => new Dictionary<string, string?>
    {
        ["Events:TokenRecheckInterval"] = "00:00:00.300",
    };
}

// A running subscription ends when its token dies, as every other call would.
public sealed class TokenRecheckTests(QuickTokenRecheckFixture fixture) : IClassFixture<QuickTokenRecheckFixture>
{
    [Fact]
    public async Task A_running_subscription_ends_unauthenticated_when_its_token_is_revoked()
    {
        var brand = await fixture.NewBrandAsync();
        var reader = await fixture.TokenAsync(brand, ServiceDefaults.Auth.Scopes.EventsRead);
        var readerId = (await fixture.Admin.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id })).Tokens.Max(t => t.Id);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var subscription = new Events.V1.Events.EventsClient(fixture.Event(reader))
            .Subscribe(new SubscribeRequest { FromNow = new Empty() }, cancellationToken: stop.Token);
        await subscription.ResponseHeadersAsync;

        // Still running after several checks while the token lives.
        using var alive = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var idle = await Assert.ThrowsAsync<RpcException>(() => subscription.ResponseStream.MoveNext(alive.Token));
        Assert.Equal(StatusCode.Cancelled, idle.StatusCode);

        using var again = new Events.V1.Events.EventsClient(fixture.Event(reader))
            .Subscribe(new SubscribeRequest { FromNow = new Empty() }, cancellationToken: stop.Token);
        await again.ResponseHeadersAsync;
        await fixture.Admin.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = readerId });

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            // Progress items may come first; the stream must end.
            while (await again.ResponseStream.MoveNext(deadline.Token))
            {
                Assert.Null(again.ResponseStream.Current.Activity);
            }
        });
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Contains("revoked", ended.Status.Detail);
    }
}
