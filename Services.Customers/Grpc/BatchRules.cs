using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.Customers.Grpc;

// Limits of the calls that take a batch for another service.
public static class BatchRules
{
    public const int MaxItems = 1000;

    // A status lists at most this many offending items, so that a batch of bad items still gets
    // a small answer (response headers have a size limit).
    public const int MaxReportedViolations = 50;

    public static bool IsFull(this RequestValidator validator) => validator.Violations.Count >= MaxReportedViolations;
}
