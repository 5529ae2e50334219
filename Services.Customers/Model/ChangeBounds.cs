namespace Deployteq.Customers.Model;

// Where a brand's change feed stands: the newest position written and the newest trimmed.
public sealed record ChangeBounds(ChangePosition LastWritten, ChangePosition TrimmedThrough)
{
    // A reader starting at `from` would miss trimmed changes.
    public bool HasTrimmed(ChangePosition from) => TrimmedThrough != ChangePosition.Zero && from <= TrimmedThrough;
}
