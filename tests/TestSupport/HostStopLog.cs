using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployteq.TestSupport;

// Hears the host's own last word on a stop: "Stopped", or "StoppedWithException" with what its
// hosted services threw. The app's `app.Run()` stops the host on a thread no test awaits, so this
// is how SingleStopHost learns that the stop is over and how it failed. Both are Debug events of
// Microsoft.Extensions.Hosting; ServiceFactory enables them for this provider alone.
public sealed class HostStopLog : ILoggerProvider
{
    public const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Stopped => _stopped.Task;

    public ILogger CreateLogger(string categoryName) => categoryName == HostCategory ? new HostLogger(_stopped) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class HostLogger(TaskCompletionSource stopped) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            switch (eventId.Name)
            {
                case "Stopped":
                    stopped.TrySetResult();
                    break;
                case "StoppedWithException":
                    stopped.TrySetException(exception ?? new InvalidOperationException(formatter(state, exception)));
                    break;
            }
        }
    }
}
