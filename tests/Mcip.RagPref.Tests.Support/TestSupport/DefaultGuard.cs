using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// One default guard (all-MiniLM-L6-v2 + hashed n-grams over the seed-corpus store) shared by the tests of a run:
/// creating it loads the model and the cached store (building it the first time) once.
/// </summary>
internal static class DefaultGuard
{
    private static readonly Lazy<Task<RagPrefGuard>> Shared = new(() => RagPrefGuard.CreateDefaultAsync());

    public static Task<RagPrefGuard> GetAsync() => Shared.Value;

    /// <summary>A new guard over the shared guard's embedder and store, with its options changed by <paramref name="configure"/>; dispose it.</summary>
    public static async Task<RagPrefGuard> WithOptionsAsync(Action<GuardOptions> configure)
    {
        RagPrefGuard shared = await GetAsync();
        GuardOptions options = shared.Options;
        configure(options);
        return RagPrefGuard.Create(shared.Embedder, shared.Store, options);
    }
}
