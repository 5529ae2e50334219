using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.Customers.Grpc;

public static class ImportRules
{
    public static RequestValidator Validate(ImportCustomerRow row)
    {
        var validator = new RequestValidator()
            .Check(Enum.IsDefined(row.Match), "match", "is not a known match")
            .ExternalId(row.ExternalId)
            .Fields(row.Fields);
        if (row.Match == ImportMatch.ExternalId)
        {
            validator.Required(row.ExternalId, "external_id");
            // The address may be left out when the customer exists; when given, it must be valid.
            if (row.EmailAddress.Length > 0)
            {
                validator.EmailAddress(row.EmailAddress, "email_address");
            }
        }
        else
        {
            validator.EmailAddress(row.EmailAddress, "email_address");
        }

        return validator;
    }
}
