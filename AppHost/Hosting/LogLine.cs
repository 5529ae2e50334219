namespace Deployteq.AppHost.Hosting;

public sealed record LogLine(string Resource, long Number, DateTimeOffset At, string Text, bool IsError);
