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
}
