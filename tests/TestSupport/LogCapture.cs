using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Deployteq.TestSupport;

// Keeps what a host logs, after the host's own filters (Logging:LogLevel), so a test sees what a
// console would print. Register as an ILoggerProvider service, or add to a built host's
// ILoggerFactory.
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception));
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception);
