using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Cli.Serving;

/// <summary>Writes log lines (<c>level category: message</c>) to a text writer: the command's standard error.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly TextWriter _writer = TextWriter.Synchronized(writer);

    public ILogger CreateLogger(string categoryName) => new TextWriterLogger(_writer, categoryName);

    public void Dispose() => _writer.Flush();
}
