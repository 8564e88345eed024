using Microsoft.Extensions.Logging;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// Watches one store file and calls back once it has stayed unchanged for the debounce delay. It watches the folder,
/// not the file, so that a new file renamed over the old one (how <c>ExampleStore.Save</c> writes) is seen as a change.
/// The callback never runs twice at once. Thread-safe; dispose to stop.
/// </summary>
internal sealed class StoreFileWatcher : IDisposable
{
    private readonly string _path;
    private readonly TimeSpan _delay;
    private readonly Func<Task> _onChanged;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private readonly SemaphoreSlim _running = new(1, 1);
    private int _disposed;

    public StoreFileWatcher(string path, TimeSpan delay, Func<Task> onChanged, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _delay = delay;
        _onChanged = onChanged;
        _logger = logger;
        _timer = new Timer(static state => _ = ((StoreFileWatcher)state!).FireAsync(), this, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Renamed += OnEvent;
        _watcher.Error += OnError;
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        _timer.Dispose();
    }

    private static bool SamePath(string? a, string b) =>
        a is not null && string.Equals(Path.GetFullPath(a), b, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        if (SamePath(e.FullPath, _path) || (e is RenamedEventArgs renamed && SamePath(renamed.OldFullPath, _path)))
        {
            Schedule();
        }
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        Log.StoreWatchError(_logger, _path, e.GetException());
        Schedule();
    }

    /// <summary>(Re)starts the debounce delay: the callback runs once the file has been quiet that long.</summary>
    private void Schedule()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _timer.Change(_delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: nothing to do.
        }
    }

    private async Task FireAsync()
    {
        if (Volatile.Read(ref _disposed) != 0 || !File.Exists(_path))
        {
            // A missing file is not a new store (a later Created or Renamed event reschedules).
            return;
        }

        await _running.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                Log.StoreChanged(_logger, _path);
                await _onChanged().ConfigureAwait(false);
            }
        }
        finally
        {
            _running.Release();
        }
    }
}
