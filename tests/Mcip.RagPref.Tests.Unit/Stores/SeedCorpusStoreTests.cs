using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Stores;

/// <summary>Builds, saves and reloads a store from the project's own seed corpus (embeddings/seed/*.jsonl) with the test embedder.</summary>
public sealed class SeedCorpusStoreTests
{
    [Fact]
    public async Task BuildAsync_SeedCorpus_KeepsEveryItemAndRoundTrips()
    {
        string[] files = Directory.GetFiles(Path.Combine(SharedAssets.RepositoryRoot, "embeddings", "seed"), "*.jsonl");
        Array.Sort(files, StringComparer.Ordinal);
        Assert.NotEmpty(files);
        List<ExampleInput> inputs = [.. files.SelectMany(f => ExampleFileReader.Read(f))];
        int lines = files.Sum(f => File.ReadLines(f).Count(l => !string.IsNullOrWhiteSpace(l)));
        using var generator = new HashingEmbeddingGenerator(dimensions: 64);
        string path = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.rpstore");
        try
        {
            using ExampleStore built = await ExampleStore.BuildAsync(inputs, generator, cancellationToken: TestContext.Current.CancellationToken);
            built.Save(path);
            using ExampleStore loaded = ExampleStore.Load(path, generator.Fingerprint);

            Assert.Equal(lines, inputs.Count);
            Assert.Equal(inputs.Count(i => i.Label == ExampleLabel.Attack), loaded.Examples.Where(e => e.Label == ExampleLabel.Attack).Select(e => e.ParentId ?? e.Id).Distinct().Count());
            Assert.Equal(inputs.Count(i => i.Label == ExampleLabel.Benign), loaded.Examples.Where(e => e.Label == ExampleLabel.Benign).Select(e => e.ParentId ?? e.Id).Distinct().Count());
            Assert.Equal(built.Examples.Select(e => e.Id), loaded.Examples.Select(e => e.Id));
            Assert.All(loaded.Examples, e => Assert.InRange(e.Text.Length, 1, ExampleStoreOptions.DefaultChunkSize));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
