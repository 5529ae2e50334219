using Microsoft.Extensions.Time.Testing;

namespace Deployteq.Events.Tests;

// Events on a clock the tests move (the one clock of stream positions, times and retention), with
// a retention of an hour of that clock: a test makes activities old by moving the clock, never by
// waiting. Its own Redis and services, because moving the clock trims every brand's stream.
public sealed class ClockFixture : EventsFixture
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    // Whole milliseconds, as stream positions count them.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    protected override TimeProvider EventsClock => Clock;

    protected override IDictionary<string, string?> EventsSettings => new Dictionary<string, string?>
    {
        ["Events:Retention"] = Retention.ToString(),
        ["Events:RetentionSweepInterval"] = TimeSpan.FromSeconds(1).ToString(),
    };
}
