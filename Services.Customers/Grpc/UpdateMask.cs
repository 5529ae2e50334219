using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.Customers.Grpc;

// Turns an UpdateCustomerRequest and its field mask into the change to make, or
// INVALID_ARGUMENT listing what is wrong.
public static class UpdateMask
{
    private const string FieldsPath = "fields";
    private const string FieldPathPrefix = "fields.";

    public static CustomerChange ToChange(UpdateCustomerRequest request)
    {
        var validator = new RequestValidator();
        if (request.Customer is null)
        {
            validator.Add("customer", "is required");
        }

        var paths = request.UpdateMask?.Paths ?? [];
        validator.Count(paths.Count, 1, Limits.MaxUpdateMaskPaths, "update_mask");
        validator.ThrowIfInvalid();

        var customer = request.Customer!;
        validator.Positive(customer.Id, "customer.id");
        string? email = null, externalId = null;
        var replaceAll = false;
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        var remove = new List<string>();
        foreach (var path in paths.Distinct())
        {
            switch (path)
            {
                case "email_address":
                    validator.EmailAddress(customer.EmailAddress, "customer.email_address");
                    email = customer.EmailAddress;
                    break;
                case "external_id":
                    validator.ExternalId(customer.ExternalId, "customer.external_id");
                    externalId = customer.ExternalId;
                    break;
                case FieldsPath:
                    validator.Fields(customer.Fields, "customer.fields");
                    replaceAll = true;
                    foreach (var (fieldName, fieldValue) in customer.Fields)
                    {
                        set[fieldName] = fieldValue;
                    }

                    break;
                case var one when one.StartsWith(FieldPathPrefix, StringComparison.Ordinal):
                    var name = one[FieldPathPrefix.Length..];
                    if (!CustomerRules.IsFieldName(name))
                    {
                        validator.Add("update_mask", $"'{Problems.Quote(one)}' does not name a valid field");
                    }
                    else if (customer.Fields.TryGetValue(name, out var value))
                    {
                        validator.FieldValue(value, "customer." + one);
                        set[name] = value;
                    }
                    else
                    {
                        remove.Add(name);
                    }

                    break;
                default:
                    validator.Add("update_mask", $"'{Problems.Quote(path)}' cannot be updated (email_address, external_id, fields, fields.<name>)");
                    break;
            }
        }

        validator.Check(set.Count <= Limits.MaxCustomFields, "customer.fields", $"may hold at most {Limits.MaxCustomFields} fields");
        validator.ThrowIfInvalid();
        return new CustomerChange(customer.Id, email, externalId, replaceAll, set, remove);
    }
}
