namespace Deployteq.Customers.Model;

// What an acknowledging follower learns (AcknowledgeCustomerChangesResponse).
public readonly record struct FollowerLease(TimeSpan Lease, bool Current, bool Continued);
