namespace Deployteq.PegaConnector.Model;

public enum ClaimState
{
    // The mark is ours: send it.
    Claimed = 0,

    // Delivered or dead-lettered already: skip it.
    Finished = 1,

    // Another process has it in flight (or had, until its mark expires).
    Busy = 2,
}
