using Deployteq.Customers.Changes;
using Deployteq.Customers.Model;
using Deployteq.Customers.Storage;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Paging;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

[RequireScope(Scopes.Customers)]
public sealed partial class CustomersService(
    ICustomerStore store, ITenantStore tenants, ChangeFollower changes, FollowerLeases followers, StreamTokenWatch tokenWatch) : V1.Customers.CustomersBase
{
    private const int ImportBatchSize = 1000;
    private const int MaxReportedRejections = 1000;

    public override async Task<Customer> CreateCustomer(CreateCustomerRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .EmailAddress(request.EmailAddress, "email_address")
            .ExternalId(request.ExternalId)
            .Fields(request.Fields)
            .ThrowIfInvalid();
        var caller = context.GetCaller();
        var record = await store.CreateAsync(
            caller.BrandId, new NewCustomer(request.EmailAddress, request.ExternalId, request.Fields), caller.ToActor());
        return record.ToProto();
    }

    public override async Task<Customer> GetCustomer(GetCustomerRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.CustomerId, "customer_id").ThrowIfInvalid();
        return Found(await store.GetAsync(context.GetCaller().BrandId, request.CustomerId));
    }

    public override async Task<Customer> GetCustomerByEmailAddress(GetCustomerByEmailAddressRequest request, ServerCallContext context)
    {
        new RequestValidator().EmailAddress(request.EmailAddress, "email_address").ThrowIfInvalid();
        return Found(await store.GetByEmailAddressAsync(context.GetCaller().BrandId, request.EmailAddress));
    }

    public override async Task<Customer> GetCustomerByExternalId(GetCustomerByExternalIdRequest request, ServerCallContext context)
    {
        new RequestValidator().Required(request.ExternalId, "external_id").ExternalId(request.ExternalId).ThrowIfInvalid();
        return Found(await store.GetByExternalIdAsync(context.GetCaller().BrandId, request.ExternalId));
    }

    public override async Task<Customer> UpdateCustomer(UpdateCustomerRequest request, ServerCallContext context)
    {
        var change = UpdateMask.ToChange(request);
        var caller = context.GetCaller();
        return (await store.UpdateAsync(caller.BrandId, change, caller.ToActor())).ToProto();
    }

    public override async Task<Empty> DeleteCustomer(DeleteCustomerRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.CustomerId, "customer_id").ThrowIfInvalid();
        var brandId = context.GetCaller().BrandId;
        var position = await store.DeleteAsync(brandId, request.CustomerId) ?? throw Problems.NotFound("No such customer in this brand.");
        // Acknowledged once every service that keeps customers by the feed has applied it.
        await followers.WaitForAsync(brandId, position, context.CancellationToken);
        return new Empty();
    }

    public override async Task<ListCustomersResponse> ListCustomers(ListCustomersRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .PageSize(request.PageSize, PageToken.MaxPageSize)
            .PageToken(request.PageToken, out var after)
            .ThrowIfInvalid();
        var page = await store.ListAsync(context.GetCaller().BrandId, after, PageToken.Size(request.PageSize));
        var customers = page.Items.Select(customer => customer.ToProto()).ToList();
        var (kept, next) = ResponseBudget.Cut(customers, page.Next, count => customers[count - 1].Id);
        return new ListCustomersResponse { Customers = { kept }, NextPageToken = PageToken.Encode(next) };
    }

    public override async Task<ImportCustomersResponse> ImportCustomers(IAsyncStreamReader<ImportCustomerRow> requestStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var actor = caller.ToActor();
        var response = new ImportCustomersResponse();
        // Two lists: the loop writes the first while a batch in flight may write the second.
        var invalid = new List<ImportRejection>();
        var rejections = new List<ImportRejection>();
        var batch = new List<ImportRow>(ImportBatchSize);
        long row = 0;

        // Rows go to Redis a batch at a time, one batch in flight while the next is read; a batch
        // that was sent stays stored even when the stream breaks off later, and the answer counts
        // only what was done.
        var inFlight = Task.CompletedTask;
        await foreach (var item in requestStream.ReadAllAsync(context.CancellationToken))
        {
            row++;
            var validator = ImportRules.Validate(item);
            if (!validator.IsValid)
            {
                var violation = validator.Violations[0];
                invalid.Add(Rejection(row, violation.Field, violation.Description));
                continue;
            }

            batch.Add(new ImportRow(row, item.Match == ImportMatch.ExternalId, item.EmailAddress, item.ExternalId, item.Fields));
            if (batch.Count == ImportBatchSize)
            {
                await inFlight;
                inFlight = FlushAsync(caller.BrandId, batch, actor, response, rejections);
                batch = new List<ImportRow>(ImportBatchSize);
            }
        }

        await inFlight;
        await FlushAsync(caller.BrandId, batch, actor, response, rejections);
        // Rows rejected by validation and by Redis arrive out of order; callers read them by row.
        response.Rejected = invalid.Count + rejections.Count;
        response.Rejections.AddRange(invalid.Concat(rejections).OrderBy(r => r.Row).Take(MaxReportedRejections));
        return response;
    }

    public override async Task<ListCustomerHistoryResponse> ListCustomerHistory(ListCustomerHistoryRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Positive(request.CustomerId, "customer_id")
            .PageSize(request.PageSize, PageToken.MaxPageSize)
            .PageToken(request.PageToken, out var offset)
            .ThrowIfInvalid();
        var page = await store.ListHistoryAsync(context.GetCaller().BrandId, request.CustomerId, offset, PageToken.Size(request.PageSize))
            ?? throw Problems.NotFound("No such customer in this brand.");
        var entries = page.Items.Select(entry => entry.ToProto()).ToList();
        var (kept, next) = ResponseBudget.Cut(entries, page.Next, count => offset + count);
        return new ListCustomerHistoryResponse { Entries = { kept }, NextPageToken = PageToken.Encode(next) };
    }

    private async Task FlushAsync(long brandId, List<ImportRow> batch, Actor actor, ImportCustomersResponse response, List<ImportRejection> rejections)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var outcomes = await store.ImportAsync(brandId, batch, actor);
        for (var i = 0; i < batch.Count; i++)
        {
            switch (outcomes[i])
            {
                case ImportOutcome.Created:
                    response.Created++;
                    break;
                case ImportOutcome.Updated:
                    response.Updated++;
                    break;
                case ImportOutcome.EmailAddressTaken:
                    rejections.Add(Rejection(batch[i].Row, "email_address", "belongs to another customer of this brand"));
                    break;
                case ImportOutcome.ExternalIdTaken:
                    rejections.Add(Rejection(batch[i].Row, "external_id", "belongs to another customer of this brand"));
                    break;
                case ImportOutcome.EmailAddressRequired:
                    rejections.Add(Rejection(batch[i].Row, "email_address", "is required to create a customer"));
                    break;
                case ImportOutcome.TooManyFields:
                    rejections.Add(Rejection(batch[i].Row, "fields", $"would give the customer more than {Limits.MaxCustomFields} custom fields"));
                    break;
            }
        }
    }

    private static ImportRejection Rejection(long row, string field, string reason) =>
        new() { Row = row, Field = field, Reason = reason };

    private static Customer Found(CustomerRecord? record) =>
        record?.ToProto() ?? throw Problems.NotFound("No such customer in this brand.");
}
