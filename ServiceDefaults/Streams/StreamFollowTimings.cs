namespace Deployteq.ServiceDefaults.Streams;

// How a follower paces itself: a progress item whenever nothing has been handed on for
// ProgressInterval (and, with ProgressAtStart, one at once); a read every PollInterval at the
// latest, the safety net for a lost notice.
public sealed record StreamFollowTimings(TimeSpan ProgressInterval, TimeSpan PollInterval, bool ProgressAtStart);
