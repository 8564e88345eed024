using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Tests.Hosting;

/// <summary>A hand-written logger provider that records every enabled entry (level, event id, formatted message).</summary>
internal sealed class CapturingLoggerProvider(LogLevel minimum) : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    internal sealed record Entry(LogLevel Level, EventId EventId, string Message);

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception)));
            }
        }
    }

    private readonly LogLevel _minimum = minimum;
}
