using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Grpc.Core;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class ImportTests(CustomersFixture fixture)
{
    [Fact]
    public async Task Import_reports_created_updated_and_rejected_rows_with_reasons()
    {
        var brand = await fixture.NewBrandAsync();
        var existing = await brand.CreateAsync("known@example.com", "k-1", new() { ["city"] = "Delft" });
        await brand.CreateAsync("other@example.com", "taken-ext");

        var response = await ImportAsync(brand,
            Row("new1@example.com", fields: new() { ["city"] = "Gouda" }),     // 1 created
            Row("KNOWN@example.com", fields: new() { ["tier"] = "gold" }),     // 2 updated
            Row("not-an-address"),                                             // 3 rejected: bad e-mail
            Row("new2@example.com", externalId: "taken-ext"),                  // 4 rejected: external id taken
            Row("new3@example.com", fields: new() { ["bad name"] = "x" }),     // 5 rejected: field name
            Row("", externalId: "k-1", match: ImportMatch.ExternalId, fields: new() { ["city"] = "Leiden" }), // 6 updated
            Row("", externalId: "unknown", match: ImportMatch.ExternalId),     // 7 rejected: cannot create without e-mail
            Row("new4@example.com", externalId: "x-4", match: ImportMatch.ExternalId)); // 8 created

        Assert.Equal(2, response.Created);
        Assert.Equal(2, response.Updated);
        Assert.Equal(4, response.Rejected);
        Assert.Equal(new long[] { 3, 4, 5, 7 }, response.Rejections.Select(r => r.Row));
        Assert.Equal("email_address", response.Rejections[0].Field);
        Assert.Equal("external_id", response.Rejections[1].Field);
        Assert.Equal("fields.bad name", response.Rejections[2].Field);
        Assert.Contains("required", response.Rejections[3].Reason);

        var known = await brand.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = existing.Id });
        Assert.Equal("Leiden", known.Fields["city"]);
        Assert.Equal("gold", known.Fields["tier"]);
        var created = await brand.Customers.GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest { ExternalId = "x-4" });
        Assert.Equal("new4@example.com", created.EmailAddress);
        await Assert.ThrowsAsync<RpcException>(() => brand.Customers
            .GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "new2@example.com" }).ResponseAsync);
    }

    [Fact]
    public async Task A_row_refused_within_a_batch_leaves_nothing_behind_while_the_rows_around_it_land_and_see_each_other()
    {
        var brand = await fixture.NewBrandAsync();
        var full = await brand.CreateAsync("full@example.com", fields: Enumerable.Range(0, 100).ToDictionary(i => $"f{i}", i => "v"));
        var changes = Storage.CustomersKeys.Changes(brand.Id);
        var history = Storage.CustomersKeys.History(brand.Id);
        var changesBefore = await fixture.Redis.Database.StreamLengthAsync(changes);
        var historyBefore = await fixture.Redis.Database.SortedSetLengthAsync(history);

        var response = await ImportAsync(brand,
            Row("a@example.com", externalId: "e-a"),                               // 1 created
            Row("b@example.com", externalId: "e-a"),                               // 2 refused: row 1 took e-a
            Row("A@example.com", fields: new() { ["city"] = "Gouda" }),            // 3 updated: the customer of row 1
            Row("full@example.com", fields: new() { ["one_more"] = "x" }),         // 4 refused: 101 fields
            Row("", externalId: "nobody", match: ImportMatch.ExternalId),          // 5 refused: no e-mail to create with
            Row("c@example.com", externalId: "e-a", match: ImportMatch.ExternalId)); // 6 updated: row 1's customer moves to c@

        Assert.Equal((1, 2, 3), (response.Created, response.Updated, response.Rejected));
        Assert.Equal(
            [(2L, "external_id"), (4L, "fields"), (5L, "email_address")],
            response.Rejections.Select(r => (r.Row, r.Field)));
        var a = await brand.Customers.GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest { ExternalId = "e-a" });
        Assert.Equal(("c@example.com", "Gouda"), (a.EmailAddress, a.Fields["city"]));
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Customers
            .GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "b@example.com" }).ResponseAsync);
        Assert.False((await brand.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = full.Id })).Fields.ContainsKey("one_more"));
        // The feed and the history hold the three rows that landed (a create, two updates), nothing of the others.
        Assert.Equal(changesBefore + 3, await fixture.Redis.Database.StreamLengthAsync(changes));
        Assert.Equal(historyBefore + 3, await fixture.Redis.Database.SortedSetLengthAsync(history));
        // The batch's ids, history and sequences were written at its end: listed, and not handed out again.
        var next = await brand.CreateAsync("d@example.com");
        Assert.True(next.Id > a.Id);
        var listed = await brand.Customers.ListCustomersAsync(new ListCustomersRequest());
        Assert.Equal([full.Id, a.Id, next.Id], listed.Customers.Select(c => c.Id));
        var aHistory = await brand.Customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = a.Id });
        Assert.Equal(["created", "updated", "updated"], aHistory.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Import_of_many_rows_spans_batches_and_counts_every_row()
    {
        var brand = await fixture.NewBrandAsync();
        var rows = Enumerable.Range(0, 2500).Select(i => Row($"bulk{i % 2200}@example.com", fields: new() { ["n"] = i.ToString() })).ToArray();

        var response = await ImportAsync(brand, rows);

        Assert.Equal(2200, response.Created);
        Assert.Equal(300, response.Updated);
        Assert.Equal(0, response.Rejected);
        var last = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "bulk5@example.com" });
        Assert.Equal("2205", last.Fields["n"]);
    }

    [Fact]
    public async Task Import_by_external_id_with_a_new_address_moves_the_index_and_resets_soft_bounces()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("first@example.com", "m-1");
        await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft });

        var response = await ImportAsync(brand, Row("second@example.com", externalId: "m-1", match: ImportMatch.ExternalId));

        Assert.Equal(1, response.Updated);
        var moved = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "second@example.com" });
        Assert.Equal(customer.Id, moved.Id);
        Assert.Equal(0, moved.Mailability.SoftBounceCount);
        await Assert.ThrowsAsync<RpcException>(() => brand.Customers
            .GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "first@example.com" }).ResponseAsync);
    }

    private static ImportCustomerRow Row(string email, string externalId = "", ImportMatch match = ImportMatch.EmailAddress, Dictionary<string, string>? fields = null) =>
        new() { EmailAddress = email, ExternalId = externalId, Match = match, Fields = { fields ?? [] } };

    private static async Task<ImportCustomersResponse> ImportAsync(TestBrand brand, params ImportCustomerRow[] rows)
    {
        using var call = brand.Customers.ImportCustomers();
        foreach (var row in rows)
        {
            await call.RequestStream.WriteAsync(row);
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }
}
