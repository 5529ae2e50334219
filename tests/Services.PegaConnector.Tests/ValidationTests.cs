using Deployteq.Customers.V1;
using Deployteq.PegaConnector.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using StackExchange.Redis;
using InstallationsClient = Deployteq.PegaConnector.V1.Installations.InstallationsClient;

namespace Deployteq.PegaConnector.Tests;

[Collection(PegaCollection.Name)]
public sealed class ValidationTests(PegaFixture fixture)
{
    public static TheoryData<string, string> BadInstalls => new()
    {
        { "plain-http-host", "endpoint.url" },
        { "ftp", "endpoint.url" },
        { "user-info", "endpoint.url" },
        { "unresolvable", "endpoint.url" },
        { "relative", "endpoint.url" },
        { "long-url", "endpoint.url" },
        { "no-endpoint", "endpoint" },
        { "no-password", "endpoint.password" },
        { "colon-user", "endpoint.username" },
        { "no-activities", "activities" },
        { "repeated-activity", "activities" },
        { "unknown-activity", "activities[0]" },
        { "long-po", "financial.po_number" },
        { "bool-default", "manual_option_defaults.flag" },
        { "bad-default-name", "manual_option_defaults" },
    };

    [Theory]
    [MemberData(nameof(BadInstalls))]
    public async Task A_bad_install_is_INVALID_ARGUMENT_naming_the_field_and_leaves_nothing_behind(string @case, string field)
    {
        var brand = await fixture.NewBrandAsync();
        var request = brand.InstallRequest(ActivityKind.Broadcasts);
        switch (@case)
        {
            case "plain-http-host": request.Endpoint.Url = "http://pega.example.com/prweb/api"; break;
            case "ftp": request.Endpoint.Url = "ftp://127.0.0.1/pega"; break;
            case "user-info": request.Endpoint.Url = "https://user:pw@127.0.0.1/pega"; break;
            case "unresolvable": request.Endpoint.Url = "https://pega.does-not-exist.invalid/api"; break;
            case "relative": request.Endpoint.Url = "/prweb/api"; break;
            case "long-url": request.Endpoint.Url = "https://127.0.0.1/" + new string('a', 3000); break;
            case "no-endpoint": request.Endpoint = null; break;
            case "no-password": request.Endpoint.Password = ""; break;
            case "colon-user": request.Endpoint.Username = "pega:admin"; break;
            case "no-activities": request.Activities.Clear(); break;
            case "repeated-activity": request.Activities.Add(ActivityKind.Broadcasts); break;
            case "unknown-activity": request.Activities[0] = (ActivityKind)99; break;
            case "long-po": request.Financial.PoNumber = new string('9', 65); break;
            case "bool-default": request.ManualOptionDefaults = PegaBrand.Options(("flag", Value.ForBool(true))); break;
            case "bad-default-name": request.ManualOptionDefaults = PegaBrand.Options(("bad name!", Value.ForString("x"))); break;
        }

        var tokensBefore = (await fixture.Platform.Admin.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id })).Tokens.Count;
        var exception = await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.InstallAsync(request).ResponseAsync, field);

        Assert.DoesNotContain(brand.Endpoint.Password, exception.Status.Detail);
        Assert.Empty((await brand.Installations.ListInstallationsAsync(new ListInstallationsRequest())).Installations);
        Assert.Equal(tokensBefore, (await fixture.Platform.Admin.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id })).Tokens.Count);
    }

    [Fact]
    public async Task Other_calls_check_their_limits_too()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        var id = installation.InstallationId;

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.UpdateInstallationAsync(
            new UpdateInstallationRequest { InstallationId = id, UpdateMask = new FieldMask { Paths = { "password" } } }).ResponseAsync, "update_mask.paths[0]");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.UpdateInstallationAsync(
            new UpdateInstallationRequest { InstallationId = id }).ResponseAsync, "update_mask");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.ListInstallationsAsync(
            new ListInstallationsRequest { PageSize = 101 }).ResponseAsync, "page_size");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.ListInstallationsAsync(
            new ListInstallationsRequest { PageToken = "not-a-token" }).ResponseAsync, "page_token");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.ReplayAsync(
            new ReplayRequest { InstallationId = id, FromTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)) }).ResponseAsync, "from_time");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.RedriveDeadLettersAsync(
            new RedriveDeadLettersRequest { InstallationId = id }).ResponseAsync, "selection");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.PurgeDeadLettersAsync(
            new PurgeDeadLettersRequest { InstallationId = id, Selection = new DeadLetterSelection { Filter = new DeadLetterFilter { StatusCode = 700 } } }).ResponseAsync,
            "selection.filter.status_code");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Installations.GetInstallationAsync(new GetInstallationRequest()).ResponseAsync, "installation_id");
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Installations.RedriveDeadLettersAsync(
            new RedriveDeadLettersRequest { InstallationId = id, Selection = new DeadLetterSelection { Uuid = Guid.NewGuid().ToString() } }).ResponseAsync);
    }

    [Fact]
    public async Task A_token_without_the_pega_scope_is_refused_and_another_brands_installation_is_not_found()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        var withoutPega = await fixture.NewBrandAsync(Scopes.Customers, Scopes.EventsEmit, Scopes.EventsRead, Scopes.Mailability);
        var other = await fixture.NewBrandAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () => withoutPega.Installations.InstallAsync(withoutPega.InstallRequest()).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () =>
            new InstallationsClient(fixture.ConnectorChannel).ListInstallationsAsync(new ListInstallationsRequest()).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            other.Installations.GetInstallationAsync(new GetInstallationRequest { InstallationId = installation.InstallationId }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            other.Installations.UninstallAsync(new UninstallRequest { InstallationId = installation.InstallationId }).ResponseAsync);
        Assert.Equal(installation.InstallationId, (await brand.GetAsync(installation.InstallationId)).InstallationId);
    }

    [Fact]
    public async Task The_password_is_never_returned_and_is_stored_encrypted_and_the_installation_reads_with_an_events_read_token_of_its_own()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts, ActivityKind.Clicks);

        Assert.DoesNotContain(brand.Endpoint.Password, installation.ToString());
        Assert.DoesNotContain(brand.Endpoint.Password, (await brand.Installations.ListInstallationsAsync(new ListInstallationsRequest())).ToString());
        Assert.Equal("PO-42", installation.Financial.PoNumber);
        Assert.Equal(InvoiceInterval.Monthly, installation.Financial.InvoiceInterval);
        var stored = await fixture.Redis.Database.HashGetAllAsync($"pega:{{b{brand.Id}}}:i{installation.InstallationId}");
        Assert.NotEmpty(stored);
        Assert.All(stored, entry => Assert.DoesNotContain(brand.Endpoint.Password, entry.Value.ToString()));
        Assert.All(stored, entry => Assert.DoesNotContain($"dtq_{brand.Id}_", entry.Value.ToString()));

        var tokens = (await fixture.Platform.Admin.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id })).Tokens;
        var own = Assert.Single(tokens, token => token.Description == $"pega installation {installation.InstallationId}");
        Assert.Equal([Scopes.EventsRead], own.Scopes);
        Assert.NotEqual(brand.Provisioned.User.Id, own.ApiUserId);
        Assert.False(own.Revoked);

        await brand.Installations.UninstallAsync(new UninstallRequest { InstallationId = installation.InstallationId });

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.GetAsync(installation.InstallationId));
        tokens = (await fixture.Platform.Admin.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id })).Tokens;
        Assert.True(Assert.Single(tokens, token => token.Id == own.Id).Revoked);
        Assert.Empty(await fixture.Redis.Database.HashGetAllAsync($"pega:{{b{brand.Id}}}:i{installation.InstallationId}"));
        // Delivery stops: nothing emitted after the uninstall arrives.
        var after = await brand.EmitBroadcastsAsync(1);
        var sibling = await fixture.NewBrandAsync();
        await sibling.InstallAsync(ActivityKind.Broadcasts);
        await sibling.WaitForArrivalsAsync(await sibling.EmitBroadcastsAsync(1));
        Assert.False(brand.Endpoint.Counts.ContainsKey(after[0]));
    }

    [Fact]
    public async Task A_pega_token_can_revoke_only_connector_read_tokens_of_its_own_brand()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        var tokens = new ConnectorTokens.ConnectorTokensClient(fixture.Platform.CustomersChannel.WithBearer(brand.Provisioned.Token));
        var created = await tokens.CreateReadTokenAsync(new CreateReadTokenRequest { Description = "test" });
        var identity = new Identity.IdentityClient(fixture.Platform.CustomersChannel.WithBearer(created.Token));
        var me = await identity.WhoAmIAsync(new WhoAmIRequest());

        Assert.Equal(brand.Id, me.BrandId);
        Assert.Equal([Scopes.EventsRead], me.Scopes);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            tokens.RevokeReadTokenAsync(new RevokeReadTokenRequest { TokenId = brand.Provisioned.TokenId }).ResponseAsync);
        var otherTokens = new ConnectorTokens.ConnectorTokensClient(fixture.Platform.CustomersChannel.WithBearer(other.Provisioned.Token));
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            otherTokens.RevokeReadTokenAsync(new RevokeReadTokenRequest { TokenId = created.TokenId }).ResponseAsync);
        var noPega = await fixture.Platform.Admin.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = brand.Provisioned.User.Id, Scopes = { Scopes.EventsRead } });
        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () =>
            new ConnectorTokens.ConnectorTokensClient(fixture.Platform.CustomersChannel.WithBearer(noPega.Token))
                .CreateReadTokenAsync(new CreateReadTokenRequest()).ResponseAsync);

        await tokens.RevokeReadTokenAsync(new RevokeReadTokenRequest { TokenId = created.TokenId });
        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => identity.WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
    }
}
