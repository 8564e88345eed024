using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>One category's logger of <see cref="TextWriterLoggerProvider"/>; the writer is synchronised.</summary>
internal sealed class TextWriterLogger(TextWriter writer, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string line = $"{Level(logLevel)} {category}: {formatter(state, exception)}";
        writer.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
