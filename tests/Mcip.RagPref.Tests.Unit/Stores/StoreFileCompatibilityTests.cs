using Mcip.RagPref.Embeddings;
using Mcip.RagPref.Embeddings.Lexical;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;
using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Stores;

/// <summary>Store files written before the checksums moved to System.IO.Hashing still load and answer.</summary>
public sealed class StoreFileCompatibilityTests
{
    // Written by `ragpref store build --model hashed` (6 seed rows) when the project computed XXH64 with its own code.
    private static readonly string Fixture = Path.Combine(SharedAssets.RepositoryRoot, "tests", "Mcip.RagPref.Tests.Unit", "Stores", "Fixtures", "written-by-own-xxh64.rpstore");

    [Fact]
    public async Task Load_FileWrittenWithTheOwnXxHash64_VerifiesEveryChecksumAndAnswersQueries()
    {
        using ExampleStore store = ExampleStore.Load(Fixture);
        using var embedder = new CanonicalizingEmbeddingGenerator(new HashedNGramEmbeddingGenerator());
        using RagPrefGuard guard = RagPrefGuard.Create(embedder, store);

        GuardResult result = await guard.GuardAsync(GuardRequest.UserPrompt("Set up a cron job that runs my backup script every night"), TestContext.Current.CancellationToken);

        Assert.Equal(3, store.AttackCount);
        Assert.Equal(3, store.BenignCount);
        Assert.Equal("ben-dev-0001", result.BenignNeighbours[0].Id);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsTheFixtureByteForByte()
    {
        using ExampleStore store = ExampleStore.Load(Fixture);
        string copy = Path.Combine(Directory.CreateTempSubdirectory("ragpref-compat").FullName, "copy.rpstore");
        try
        {
            store.Save(copy);

            Assert.Equal(File.ReadAllBytes(Fixture), File.ReadAllBytes(copy));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }
}
