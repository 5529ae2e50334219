using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Customers.Grpc;

// Which top-level Customer fields a read answers (AIP-157 partial responses). The id always
// comes, so that an answer can be matched to what was asked.
public sealed class ReadMask
{
    private static readonly string[] Paths =
        ["id", "email_address", "external_id", "fields", "mailability", "create_time", "update_time"];

    private static readonly ReadMask All = new(null);

    private readonly FieldMask? _mask;

    private ReadMask(FieldMask? mask) => _mask = mask;

    // Every path must be one of Paths, each once; an empty mask means the whole customer.
    public static ReadMask Parse(FieldMask? mask, string field, RequestValidator validator)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return All;
        }

        if (mask.Paths.Count > Paths.Length)
        {
            validator.Add(field, $"may name at most {Paths.Length} paths, not {mask.Paths.Count}");
            return All;
        }

        foreach (var path in mask.Paths)
        {
            if (!Paths.Contains(path, StringComparer.Ordinal))
            {
                validator.Add(field, $"'{Problems.Quote(path)}' is not one of {string.Join(", ", Paths)}");
            }
        }

        if (mask.Paths.Distinct(StringComparer.Ordinal).Count() != mask.Paths.Count)
        {
            validator.Add(field, "names a path twice");
        }

        var selected = new FieldMask();
        selected.Paths.AddRange(mask.Paths.Append("id").Distinct(StringComparer.Ordinal));
        return new ReadMask(selected);
    }

    public Customer Apply(Customer customer)
    {
        if (_mask is null)
        {
            return customer;
        }

        var answered = new Customer();
        _mask.Merge(customer, answered);
        return answered;
    }
}
