using Mcip.RagPref.Stores;
using Mcip.RagPref.Tests.TestSupport;

namespace Mcip.RagPref.Tests.Stores;

public sealed class ExampleStoreConcurrencyTests
{
    private const int BaseCount = 40;
    private const int BatchSize = 12;
    private const int Rounds = 25;

    [Fact]
    public async Task GetSnapshot_DuringAddsAndRemoves_SeesOnlyWholeStates()
    {
        using var generator = new HashingEmbeddingGenerator();
        ExampleInput[] baseInputs = [.. Enumerable.Range(0, BaseCount).Select(i => new ExampleInput($"base example {i}", (i % 2 == 0) ? ExampleLabel.Attack : ExampleLabel.Benign) { Id = $"base-{i}" })];
        using ExampleStore store = await ExampleStore.BuildAsync(baseInputs, generator, cancellationToken: TestContext.Current.CancellationToken);
        var expectedVectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (ExampleInput input in baseInputs)
        {
            expectedVectors[input.Id!] = generator.Embed(input.Text);
        }

        var batches = new ExampleInput[Rounds + 1][];
        for (int round = 1; round <= Rounds; round++)
        {
            batches[round] = [.. Enumerable.Range(0, BatchSize).Select(i => new ExampleInput($"batch {round} item {i}", ExampleLabel.Benign) { Id = $"r{round}-{i}" })];
            foreach (ExampleInput input in batches[round])
            {
                expectedVectors[input.Id!] = generator.Embed(input.Text);
            }
        }

        long baseVersion = store.Version;
        using var stop = new CancellationTokenSource();
        float[] probe = generator.Embed("batch item");
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => Read(store, baseVersion, expectedVectors, stop.Token), TestContext.Current.CancellationToken))
            .Append(Task.Run(() => SearchWhileChanging(store, baseVersion, probe, stop.Token), TestContext.Current.CancellationToken))
            .ToArray();

        for (int round = 1; round <= Rounds; round++)
        {
            await store.AddAsync(batches[round], generator, cancellationToken: TestContext.Current.CancellationToken);
            store.Remove(batches[round].Select(b => b.Id!));
        }

        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Equal(baseVersion + (2 * Rounds), store.Version);
        Assert.Equal(BaseCount, store.Count);
    }

    /// <summary>Every search result holds only examples of the version it reports (base rows, plus batch r at version base + 2r - 1).</summary>
    private static void SearchWhileChanging(ExampleStore store, long baseVersion, float[] probe, CancellationToken stop)
    {
        do
        {
            StoreSearchResult result = store.Search(probe, kPerLabel: BatchSize);
            long step = result.Version - baseVersion;
            string batchPrefix = step % 2 == 1 ? $"r{(step + 1) / 2}-" : "(no batch)";
            foreach (ExampleMatch match in result.Attack.Concat(result.Benign))
            {
                Assert.True(
                    match.Example.Id.StartsWith("base-", StringComparison.Ordinal) || match.Example.Id.StartsWith(batchPrefix, StringComparison.Ordinal),
                    $"version {result.Version} returned {match.Example.Id}");
            }

            Assert.Equal(BatchSize, result.Benign.Count);
        }
        while (!stop.IsCancellationRequested);
    }

    /// <summary>
    /// Checks every snapshot it takes: at version base + 2r - 1 the store is the base plus batch r, at
    /// base + 2r the base alone; every row's vector is its own text's.
    /// </summary>
    private static void Read(ExampleStore store, long baseVersion, Dictionary<string, float[]> expectedVectors, CancellationToken stop)
    {
        do
        {
            using ExampleStoreSnapshot snapshot = store.GetSnapshot();
            long step = snapshot.Version - baseVersion;
            int round = (int)((step + 1) / 2);
            bool batchPresent = step % 2 == 1;
            Assert.Equal(BaseCount + (batchPresent ? BatchSize : 0), snapshot.Count);
            for (int row = 0; row < snapshot.Count; row++)
            {
                Example example = snapshot.Examples[row];
                string expectedId = row < BaseCount ? $"base-{row}" : $"r{round}-{row - BaseCount}";
                Assert.Equal(expectedId, example.Id);
                Assert.Equal((byte)example.Label, snapshot.Labels[row]);
                ReadOnlySpan<float> vector = snapshot.GetVector(row);
                float[] expected = expectedVectors[example.Id];
                for (int d = 0; d < expected.Length; d++)
                {
                    Assert.True(Math.Abs(expected[d] - vector[d]) < 1e-6f, $"row {row} ({example.Id}) of version {snapshot.Version} holds another text's vector");
                }
            }
        }
        while (!stop.IsCancellationRequested);
    }
}
