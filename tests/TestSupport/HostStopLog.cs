using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployteq.TestSupport;

// Hears the host's own last word on a stop: "Stopped", or "StoppedWithException" with what its
// hosted services threw. The app's `app.Run()` stops and then disposes the host on a thread no
// test awaits, so this is how SingleStopHost learns that the stop is over and how it failed. Both
// are Debug events of Microsoft.Extensions.Hosting; ServiceFactory enables them for this provider
// alone.
// It also tells when the app's dispose is over. The container disposes its singletons in the
// reverse order it made them, and it makes this provider with the logging, before the host and
// every hosted service: so by the time this is disposed, they all are.
public sealed class HostStopLog : ILoggerProvider
{
    public const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Stopped => _stopped.Task;

    public Task Disposed => _disposed.Task;

    public ILogger CreateLogger(string categoryName) => categoryName == HostCategory ? new HostLogger(_stopped) : NullLogger.Instance;

    public void Dispose() => _disposed.TrySetResult();

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
