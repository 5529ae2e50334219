using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Paging;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

public sealed partial class CustomersService
{
    public override async Task<BatchGetCustomersResponse> BatchGetCustomers(BatchGetCustomersRequest request, ServerCallContext context)
    {
        var ids = request.CustomerIds;
        var validator = new RequestValidator();
        if (ids.Count is 0 or > BatchRules.MaxItems)
        {
            validator.Add("customer_ids", $"must hold 1 to {BatchRules.MaxItems} ids, not {ids.Count}");
        }

        for (var index = 0; index < ids.Count && ids.Count <= BatchRules.MaxItems; index++)
        {
            validator.Positive(ids[index], $"customer_ids[{index}]");
        }

        var mask = ReadMask.Parse(request.ReadMask, "read_mask", validator);
        validator.ThrowIfInvalid();

        var distinct = ids.Distinct().ToList();
        var records = await store.GetManyAsync(context.GetCaller().BrandId, distinct);
        var response = new BatchGetCustomersResponse();
        var found = new List<Customer>(distinct.Count);
        for (var index = 0; index < distinct.Count; index++)
        {
            if (records[index] is { } record)
            {
                found.Add(mask.Apply(record.ToProto()));
            }
            else
            {
                response.MissingCustomerIds.Add(distinct[index]);
            }
        }

        var fit = ResponseBudget.CountThatFit(found);
        response.Customers.AddRange(found.Take(fit));
        response.UnansweredCustomerIds.AddRange(found.Skip(fit).Select(customer => customer.Id));
        return response;
    }
}
