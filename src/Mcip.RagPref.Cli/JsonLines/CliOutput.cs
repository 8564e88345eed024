namespace Mcip.RagPref.Cli.JsonLines;

/// <summary>A command's output: the console's, or a temporary file renamed over the target on <see cref="CommitAsync"/>.</summary>
internal sealed class CliOutput : IAsyncDisposable
{
    private readonly string? _temporaryPath;
    private readonly string? _targetPath;
    private bool _committed;

    /// <summary>Wraps <paramref name="writer"/>; when <paramref name="temporaryPath"/> is set, the writer is owned and the file is renamed to <paramref name="targetPath"/> on commit.</summary>
    public CliOutput(TextWriter writer, string? temporaryPath, string? targetPath)
    {
        Writer = writer;
        _temporaryPath = temporaryPath;
        _targetPath = targetPath;
    }

    /// <summary>Where to write.</summary>
    public TextWriter Writer { get; }

    /// <summary>Flushes; for a file, closes it and moves it over the target.</summary>
    public async Task CommitAsync()
    {
        await Writer.FlushAsync().ConfigureAwait(false);
        if (_temporaryPath is not null)
        {
            await Writer.DisposeAsync().ConfigureAwait(false);
            File.Move(_temporaryPath, _targetPath!, overwrite: true);
        }

        _committed = true;
    }

    /// <summary>For a file not committed: closes and deletes the temporary file, leaving the target untouched.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_temporaryPath is not null && !_committed)
        {
            await Writer.DisposeAsync().ConfigureAwait(false);
            File.Delete(_temporaryPath);
        }
    }
}
