namespace Deployteq.PegaConnector.Model;

// Counts gathered in memory between two writes to Redis.
public readonly record struct CompletionCounters(long Retried, long Failed, long DuplicatesAvoided)
{
    public bool IsEmpty => Retried == 0 && Failed == 0 && DuplicatesAvoided == 0;
}
