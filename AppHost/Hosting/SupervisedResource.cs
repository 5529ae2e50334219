namespace Aspire.Hosting;

// What the supervisor remembers of one running instance of a resource between its notifications.
internal sealed class SupervisedResource
{
    public string? State { get; set; }

    public DateTimeOffset RunningSince { get; set; }

    public TimeSpan LastDelay { get; set; }

    public int Restarts { get; set; }
}
