using Mcip.RagPref.Embeddings;

namespace Mcip.RagPref.Hosting;

/// <summary>A snapshot of the hosted guard's state, as <see cref="IRagPrefGuardHost.Status"/> reports it. Immutable.</summary>
public sealed record RagPrefGuardStatus
{
    /// <summary>Gets whether a store is loaded and serving requests.</summary>
    public bool IsLoaded { get; init; }

    /// <summary>
    /// Gets the full path of the store file that is (or was to be) loaded, or the name of the <see cref="IRagPrefStoreSource"/>
    /// it came from; <see langword="null"/> before the embedder is known for the default store.
    /// </summary>
    public string? StorePath { get; init; }

    /// <summary>Gets how many times a store was loaded successfully (1 after start-up, +1 per reload); 0 before the first load.</summary>
    public long Generation { get; init; }

    /// <summary>Gets the version of the serving store (<see cref="Mcip.RagPref.Stores.ExampleStore.Version"/>; a loaded file starts at 0).</summary>
    public long StoreVersion { get; init; }

    /// <summary>Gets when the serving store was loaded; <see langword="null"/> before the first load.</summary>
    public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>Gets the fingerprint of the embedder the serving store was built with (it matches the guard's embedder); <see langword="null"/> before the first load.</summary>
    public EmbedderFingerprint? Fingerprint { get; init; }

    /// <summary>Gets the number of attack examples in the serving store.</summary>
    public int AttackExamples { get; init; }

    /// <summary>Gets the number of benign examples in the serving store.</summary>
    public int BenignExamples { get; init; }

    /// <summary>
    /// Gets why the last load failed: the start-up load (then <see cref="IsLoaded"/> is <see langword="false"/>) or the
    /// last reload (the previous store keeps serving). <see langword="null"/> when the last load succeeded.
    /// </summary>
    public string? LastError { get; init; }

    /// <summary>Gets when the last load failed; <see langword="null"/> when the last load succeeded.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }
}
