namespace Mcip.RagPref.Hosting;

/// <summary>
/// The state of the guard registered by <c>services.AddRagPref(...)</c> (what the health check reports) and a way to
/// reload its store. Resolve it from the service provider. Thread-safe.
/// </summary>
public interface IRagPrefGuardHost
{
    /// <summary>Gets a consistent snapshot of the guard's state.</summary>
    RagPrefGuardStatus Status { get; }

    /// <summary>
    /// Loads the store file again (verifying its checksums and its fingerprint against the embedder), builds a new
    /// guard over it and swaps it in atomically. Calls in flight finish on the old guard, which is disposed when the
    /// last of them ends. Reloads run one at a time.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for another reload and building the default store.</param>
    /// <returns>A task that completes when the new store serves requests.</returns>
    /// <exception cref="RagPrefException">The store could not be loaded: the old one keeps serving, and <see cref="Status"/> reports the error until a reload succeeds.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The service provider was disposed.</exception>
    Task ReloadAsync(CancellationToken cancellationToken = default);
}
