using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Guard;

/// <summary>A store change recalibrates in the background: the request path serves the previous calibration and never computes one.</summary>
public sealed class RagPrefGuardCalibrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GuardAsync_AfterAStoreChange_DoesNotComputeTheCalibrationOnTheRequestPath()
    {
        (CanonicalizingEmbeddingGenerator embedder, ExampleStore store) = await LexicalGuard.BuildStoreAsync(Ct);
        using (embedder)
        using (store)
        using (RagPrefGuard guard = RagPrefGuard.Create(embedder, store))
        {
            int computedAtCreate = guard.CalibrationsComputed;
            using var release = new ManualResetEventSlim();
            int computingThread = -1;
            guard.CalibrationComputing = () =>
            {
                Volatile.Write(ref computingThread, Environment.CurrentManagedThreadId);

                // Held until the request below has returned: a request that computed the calibration itself would hang here.
                release.Wait(TimeSpan.FromSeconds(30));
            };
            await store.AddAsync([new ExampleInput("wipe the backups and disable versioning on every bucket", ExampleLabel.Attack) { Id = "new1" }], embedder, cancellationToken: Ct);

            Task<GuardResult> call = Task.Run(
                async () =>
                {
                    return await guard.GuardAsync(GuardRequest.UserPrompt("rename report.txt to final.txt"), Ct);
                },
                Ct);
            GuardResult result = await call.WaitAsync(TimeSpan.FromSeconds(20), Ct);

            // The request saw the new store version, scored with the previous calibration; the new one is computed off the path.
            Assert.Equal(store.Version, result.StoreVersion);
            release.Set();
            await guard.WaitForCalibrationAsync().WaitAsync(TimeSpan.FromSeconds(20), Ct);
            Assert.NotEqual(-1, Volatile.Read(ref computingThread));
            Assert.Equal(computedAtCreate + 1, guard.CalibrationsComputed);

            // Once published, later requests use the new calibration without computing again.
            guard.CalibrationComputing = () => Assert.Fail("The calibration was computed again.");
            await guard.GuardAsync(GuardRequest.UserPrompt("list my files"), Ct);
            Assert.Equal(computedAtCreate + 1, guard.CalibrationsComputed);
        }
    }

    [Fact]
    public async Task CalibrationWarnings_AfterAStoreChange_ReflectTheNewVersion()
    {
        (CanonicalizingEmbeddingGenerator embedder, ExampleStore store) = await LexicalGuard.BuildStoreAsync(Ct);
        using (embedder)
        using (store)
        using (RagPrefGuard guard = RagPrefGuard.Create(embedder, store))
        {
            Assert.Contains(guard.CalibrationWarnings, w => w.Contains("has 6 benign item(s)", StringComparison.Ordinal));
            store.Remove(["b1"]);

            Assert.Contains(guard.CalibrationWarnings, w => w.Contains("has 5 benign item(s)", StringComparison.Ordinal));
        }
    }
}
