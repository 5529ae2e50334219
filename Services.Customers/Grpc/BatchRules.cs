namespace Deployteq.Customers.Grpc;

// Limits of the calls that take a batch for another service.
public static class BatchRules
{
    public const int MaxItems = 1000;
}
