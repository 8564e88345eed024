using Mcip.RagPref.Guard;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Hosting;

/// <summary>
/// One loaded store and the guard over it, shared by the calls that lease it. The host holds one reference until it
/// retires the guard (after a reload or at disposal); each call holds one while it runs; the last release disposes the
/// guard and the store, so a swap never pulls a store out from under a call in flight. Thread-safe.
/// </summary>
internal sealed class LoadedGuard
{
    private int _references = 1;

    public LoadedGuard(RagPrefGuard guard, ExampleStore store, string storePath, long generation, DateTimeOffset loadedAt)
    {
        Guard = guard;
        Store = store;
        StorePath = storePath;
        Generation = generation;
        LoadedAt = loadedAt;
    }

    public RagPrefGuard Guard { get; }

    public ExampleStore Store { get; }

    public string StorePath { get; }

    public long Generation { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Whether the guard and store were disposed (every reference released).</summary>
    public bool IsDisposed => Volatile.Read(ref _references) == 0;

    /// <summary>Takes a reference for one call; <see langword="false"/> when the guard is already gone (take the current one again).</summary>
    public bool TryAcquire()
    {
        int count = Volatile.Read(ref _references);
        while (count > 0)
        {
            int seen = Interlocked.CompareExchange(ref _references, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    /// <summary>Releases a call's reference, or the host's (retiring the guard); the last one disposes it.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Guard.Dispose();
            Store.Dispose();
        }
    }
}
