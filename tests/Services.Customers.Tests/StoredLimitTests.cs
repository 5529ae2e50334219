using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Customers.Tests;

// Limits that hold for what is stored, across calls, not only within one request.
[Collection(CustomersCollection.Name)]
public sealed class StoredLimitTests(CustomersFixture fixture)
{
    private static Dictionary<string, string> Fields(string prefix, int count) =>
        Enumerable.Range(0, count).ToDictionary(i => $"{prefix}{i}", _ => "v");

    [Fact]
    public async Task Partial_updates_fill_a_customer_up_to_the_field_limit_and_no_further()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("full@example.com", fields: Fields("f", Limits.MaxCustomFields - 1));

        var atLimit = await UpdateFieldsAsync(brand, customer.Id, Fields("g", 1));
        var replaced = await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = customer.Id, Fields = { ["h0"] = "v" } },
            UpdateMask = new FieldMask { Paths = { "fields.f0", "fields.h0" } },
        });
        var before = await brand.SnapshotAsync();
        await GrpcStatusAssert.InvalidArgumentAsync(() => UpdateFieldsAsync(brand, customer.Id, Fields("x", 1)), "customer.fields");

        Assert.Equal(Limits.MaxCustomFields, atLimit.Fields.Count);
        Assert.Equal(Limits.MaxCustomFields, replaced.Fields.Count);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Fifty_more_fields_by_mask_on_a_full_customer_are_refused_and_change_nothing()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("hundred@example.com", fields: Fields("f", Limits.MaxCustomFields));
        var before = await brand.SnapshotAsync();

        var error = await GrpcStatusAssert.InvalidArgumentAsync(
            () => UpdateFieldsAsync(brand, customer.Id, Fields("g", 50)), "customer.fields");

        Assert.Contains("150", error.Status.Detail);
        Assert.Equal(before, await brand.SnapshotAsync());
        var stored = await brand.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.Id });
        Assert.Equal(Limits.MaxCustomFields, stored.Fields.Count);
    }

    [Fact]
    public async Task An_import_row_that_would_take_a_customer_past_the_field_limit_is_rejected_and_not_stored()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("imported@example.com", fields: Fields("f", Limits.MaxCustomFields - 1));
        await brand.CreateAsync("other@example.com");
        var before = await brand.SnapshotAsync();

        using var call = brand.Customers.ImportCustomers();
        await call.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = "imported@example.com", Fields = { Fields("g", 2) } });
        await call.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = "other@example.com", Fields = { Fields("g", 2) } });
        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(1, response.Updated);
        var rejection = Assert.Single(response.Rejections);
        Assert.Equal((1L, "fields"), (rejection.Row, rejection.Field));
        var full = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "imported@example.com" });
        Assert.Equal(Limits.MaxCustomFields - 1, full.Fields.Count);
        Assert.NotEqual(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_brand_holds_up_to_the_group_limit_and_the_next_group_is_refused()
    {
        var brand = await fixture.NewBrandAsync();
        await Task.WhenAll(Enumerable.Range(0, Limits.MaxGroupsPerBrand).Select(i =>
            brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = $"group {i}" }).ResponseAsync));
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "one too many" }).ResponseAsync);

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_brand_holds_up_to_the_api_user_limit_and_the_next_user_is_refused()
    {
        var brand = await fixture.NewBrandAsync();
        await Task.WhenAll(Enumerable.Range(1, Limits.MaxApiUsersPerBrand - 1).Select(i =>
            fixture.AdminClient.CreateApiUserAsync(new CreateApiUserRequest { BrandId = brand.Id, Name = $"user {i}" }).ResponseAsync));
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            fixture.AdminClient.CreateApiUserAsync(new CreateApiUserRequest { BrandId = brand.Id, Name = "one too many" }).ResponseAsync);

        Assert.Equal(before, await brand.SnapshotAsync());
        var users = await fixture.AdminClient.ListApiUsersAsync(new ListApiUsersRequest { BrandId = brand.Id });
        Assert.Equal(Limits.MaxApiUsersPerBrand, users.ApiUsers.Count);
    }

    [Fact]
    public async Task A_brand_holds_up_to_the_token_limit_revoked_ones_included_the_next_is_refused_until_one_is_deleted()
    {
        var brand = await fixture.NewBrandAsync();
        await Task.WhenAll(Enumerable.Range(1, Limits.MaxTokensPerBrand - 1).Select(_ =>
            fixture.AdminClient.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = brand.User.Id }).ResponseAsync));
        await fixture.AdminClient.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });
        var before = await brand.SnapshotAsync();

        var refused = await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            fixture.AdminClient.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = brand.User.Id }).ResponseAsync);

        Assert.Contains("DeleteToken", refused.Status.Detail);
        Assert.Equal(before, await brand.SnapshotAsync());

        // Deleting the revoked token makes room for exactly one more.
        await fixture.AdminClient.DeleteTokenAsync(new DeleteTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });
        var made = await fixture.AdminClient.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = brand.User.Id });
        await GrpcStatusAssert.ThrowsAsync(StatusCode.FailedPrecondition, () =>
            fixture.AdminClient.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = brand.User.Id }).ResponseAsync);
        var listed = await fixture.AdminClient.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id });
        Assert.Equal(Limits.MaxTokensPerBrand, listed.Tokens.Count);
        Assert.Contains(listed.Tokens, token => token.Id == made.Info.Id);
        Assert.DoesNotContain(listed.Tokens, token => token.Id == brand.TokenId);
    }

    private static Task<Customer> UpdateFieldsAsync(TestBrand brand, long customerId, Dictionary<string, string> fields) =>
        brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = customerId, Fields = { fields } },
            UpdateMask = new FieldMask { Paths = { fields.Keys.Select(name => "fields." + name) } },
        }).ResponseAsync;
}
