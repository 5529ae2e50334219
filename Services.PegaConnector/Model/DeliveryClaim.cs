namespace Deployteq.PegaConnector.Model;

// What claiming a delivery mark for this lease yielded (claim.lua's answer per mark).
public enum DeliveryClaim
{
    // The mark is ours (new, or taken over from a previous lease holder): send it.
    Claimed = 0,

    // Delivered or dead-lettered already: skip it.
    Finished = 1,

    // The installation was uninstalled.
    Gone = 3,

    // This process no longer holds the lease: send nothing more.
    LeaseLost = 4,
}
