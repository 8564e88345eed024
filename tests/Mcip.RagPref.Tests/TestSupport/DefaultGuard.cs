using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// One default guard (Universal Sentence Encoder Lite over the seed-corpus store) shared by the tests of a run:
/// creating it loads the model and the cached store once. Skips the calling test when the set-up cache is absent.
/// </summary>
internal static class DefaultGuard
{
    private static readonly Lazy<Task<RagPrefGuard>> Shared = new(() => RagPrefGuard.CreateDefaultAsync());

    public static Task<RagPrefGuard> GetAsync()
    {
        SharedAssets.RequireCache("onnxruntime");
        SharedAssets.RequireCache("use-lite");
        return Shared.Value;
    }
}
