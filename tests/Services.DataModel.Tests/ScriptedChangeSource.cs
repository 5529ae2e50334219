using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Deployteq.Customers.V1;
using Deployteq.DataModel.CustomerFeed;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.DataModel.Tests;

// A stand-in for Customers' feed in the follower's unit tests only: each WatchAsync plays the
// next scripted session (its items, then an end or an exception) and records where it was asked
// to start. The end-to-end cascade runs on Customers' real WatchCustomerChanges (CascadeTests).
// Only brandId's watches play sessions (a host follows every brand with modules in the shared
// Redis); another brand's watch stays silent.
public sealed class ScriptedChangeSource(long? brandId = null) : ICustomerChangeSource
{
    private readonly ConcurrentQueue<(IReadOnlyList<CustomerFeedItem> Items, Exception? End, bool Hold)> _sessions = new();

    public ConcurrentQueue<FeedStart> Starts { get; } = new();

    public HashSet<long> MissingCustomers { get; } = [];

    public ConcurrentQueue<IReadOnlyList<long>> ExistenceChecks { get; } = new();

    public ScriptedChangeSource Session(Exception? end, params CustomerFeedItem[] items)
    {
        _sessions.Enqueue((items, end, false));
        return this;
    }

    // A session that stays open after its items, as a live feed does, until the reader stops.
    public ScriptedChangeSource LiveSession(params CustomerFeedItem[] items)
    {
        _sessions.Enqueue((items, null, true));
        return this;
    }

    public static CustomerFeedItem Progress(string cursor) => new(cursor, null);

    public static CustomerFeedItem Change(string cursor, long customerId, CustomerChangeKind kind) =>
        new(cursor, new CustomerChangeEvent { CustomerId = customerId, Kind = kind, Time = Timestamp.FromDateTime(DateTime.UtcNow) });

    // The credential each watch was opened with.
    public ConcurrentQueue<string> Credentials { get; } = new();

    public async IAsyncEnumerable<CustomerFeedItem> WatchAsync(long brand, string credential, FeedStart start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (brandId is { } only && brand != only)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        Starts.Enqueue(start);
        Credentials.Enqueue(credential);
        if (!_sessions.TryDequeue(out var session))
        {
            throw new InvalidOperationException("No scripted session left.");
        }

        foreach (var item in session.Items)
        {
            await Task.Yield();
            yield return item;
        }

        if (session.End is not null)
        {
            throw session.End;
        }

        if (session.Hold)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    // The cursors acknowledged, in order.
    public ConcurrentQueue<string> Acknowledged { get; } = new();

    // Customers' answer to every acknowledgement.
    public FeedLease Lease { get; set; } = new(TimeSpan.FromMinutes(1), Current: true, Continued: true);

    public Task<FeedLease> AcknowledgeAsync(long brand, string credential, string follower, string cursor, CancellationToken cancellationToken)
    {
        Acknowledged.Enqueue(cursor);
        return Task.FromResult(Lease);
    }

    public Task<IReadOnlySet<long>> FindMissingAsync(string token, IReadOnlyList<long> customerIds, CancellationToken cancellationToken)
    {
        ExistenceChecks.Enqueue(customerIds);
        return Task.FromResult<IReadOnlySet<long>>(customerIds.Where(MissingCustomers.Contains).ToHashSet());
    }
}
