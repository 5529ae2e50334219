namespace Deployteq.Events.Storage;

public enum ClaimState
{
    // This emit holds the uuid now and may store it.
    Claimed,

    // The uuid is stored already: a duplicate.
    Stored,

    // Another emit of the same uuid is in progress.
    HeldElsewhere,
}
