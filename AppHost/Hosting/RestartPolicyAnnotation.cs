namespace Aspire.Hosting.ApplicationModel;

// A resource that exits on its own is started again after FirstDelay, doubling up to MaxDelay
// while it keeps dying; a run of ResetAfter or longer starts the doubling over.
public sealed record RestartPolicyAnnotation(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan ResetAfter) : IResourceAnnotation
{
    public static RestartPolicyAnnotation Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    public TimeSpan NextDelay(TimeSpan previous, TimeSpan upFor) =>
        upFor >= ResetAfter || previous <= TimeSpan.Zero ? FirstDelay : TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, MaxDelay.Ticks));
}
